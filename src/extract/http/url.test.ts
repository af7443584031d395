import { describe, expect, it } from 'vitest';
import { buildUrl } from './url.js';

describe('buildUrl', () => {
  it('joins base and path and encodes bracketed array parameters by repeating the key', () => {
    const url = buildUrl('http://127.0.0.1:9000/', '/v2/incidents', { 'mode[one_of]': ['standard', 'test'], page_size: 250, after: undefined });
    expect(url).toBe('http://127.0.0.1:9000/v2/incidents?mode%5Bone_of%5D=standard&mode%5Bone_of%5D=test&page_size=250');
    expect(new URL(url).searchParams.getAll('mode[one_of]')).toEqual(['standard', 'test']);
  });
  it('leaves a path alone when there is no query and keeps absolute URLs', () => {
    expect(buildUrl('https://api.example.test', 'v1/x')).toBe('https://api.example.test/v1/x');
    expect(buildUrl('https://api.example.test', 'https://dl.example.test/f?sig=1', { a: 1 })).toBe('https://dl.example.test/f?sig=1&a=1');
  });
});
