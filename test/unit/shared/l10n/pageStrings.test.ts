import assert from 'node:assert/strict';
import { ENGLISH_PAGE, pageL10nJson, parsePageL10n } from '../../../../src/shared/l10n/pageStrings';

describe('page string table', () => {
  it('round-trips a language and its bundle through the JSON block text', () => {
    const l10n = { language: 'zh-cn', bundle: { 'Run {0}': '运行 {0}' } };
    assert.deepEqual(parsePageL10n(pageL10nJson(l10n)), { l10n });
    assert.deepEqual(parsePageL10n(pageL10nJson(ENGLISH_PAGE)), { l10n: ENGLISH_PAGE });
  });

  it('falls back to English and says why when the table is missing, not JSON or malformed', () => {
    assert.deepEqual(parsePageL10n(null), { l10n: ENGLISH_PAGE, error: 'no string table in the page' });
    assert.match(parsePageL10n('{').error ?? '', /not JSON/);
    assert.equal(parsePageL10n('{').l10n, ENGLISH_PAGE);
    assert.match(parsePageL10n('{"language":"zh-cn","bundle":{"Run":3}}').error ?? '', /malformed: bundle\.Run/);
    assert.match(parsePageL10n('{"language":"x\\" onload=\\"","bundle":null}').error ?? '', /malformed: language/);
  });

  it('escapes "<" so a message cannot end the script element', () => {
    const text = pageL10nJson({ language: 'en', bundle: { '</script>': '<' } });
    assert.doesNotMatch(text, /</);
    assert.equal(parsePageL10n(text).l10n.bundle?.['</script>'], '<');
  });
});
