/** JSDoc blocks for generated code. */

/** `lines` as a JSDoc block at `indent`; an empty line is a bare ` *`. A `*\/` inside cannot end the block early. */
export function docComment(lines: readonly string[], indent = ''): string {
  const body = lines.map((line) => {
    const safe = line.replace(/\*\//g, '*\\/');
    return safe === '' ? `${indent} *` : `${indent} * ${safe}`;
  });
  return [`${indent}/**`, ...body, `${indent} */`].join('\n');
}
