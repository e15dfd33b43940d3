/**
 * Unit tests run with LRLAB_ADJOINT_STRICT: a generated adjoint that disagrees with the tape,
 * or a generator that crashes, is an error instead of a quiet fall back to the tape (what users
 * get), so no test passes on the tape while the adjoint is wrong. Workers and CLI processes the
 * tests start inherit it.
 */
process.env.LRLAB_ADJOINT_STRICT = '1';
