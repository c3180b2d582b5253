import { bearerToken } from '../../../src/shared/http/bearer';

const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJzYW0ifQ.c2lnbmF0dXJl';

describe('reading Authorization: Bearer', () => {
  it('gives the token of a well-formed header', () => {
    expect(bearerToken(`Bearer ${JWT}`)).toBe(JWT);
  });

  it.each(['bearer', 'BEARER', 'BeArEr'])('takes the scheme in any case (%s)', (scheme) => {
    expect(bearerToken(`${scheme} ${JWT}`)).toBe(JWT);
  });

  it('takes one or more spaces after the scheme, and whitespace around the value', () => {
    expect(bearerToken(`Bearer    ${JWT}`)).toBe(JWT);
    expect(bearerToken(` \tBearer ${JWT} \t`)).toBe(JWT);
  });

  it('takes every b64token character, with padding at the end only', () => {
    expect(bearerToken('Bearer aZ09-._~+/==')).toBe('aZ09-._~+/==');
    expect(bearerToken('Bearer ab=cd')).toBeUndefined();
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['the scheme alone', 'Bearer'],
    ['the scheme and a space', 'Bearer '],
    ['no space after the scheme', `Bearer${JWT}`],
    ['a tab after the scheme', `Bearer\t${JWT}`],
    ['two tokens', `Bearer ${JWT} ${JWT}`],
    ['a comma', `Bearer ${JWT},x`],
    ['a quote', `Bearer "${JWT}"`],
    ['a non-ASCII letter', 'Bearer tökén'],
    ['another scheme', 'Basic c2FtOnNlY3JldA=='],
    ['a scheme that starts like Bearer', `Bearerx ${JWT}`],
    ['a token with no scheme', JWT],
  ])('gives nothing for %s', (_what, header) => {
    expect(bearerToken(header)).toBeUndefined();
  });
});
