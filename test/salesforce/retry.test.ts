import { describe, expect, it } from '@jest/globals';
import { isTransientResponse } from '../../src/salesforce/retry.js';

const soapFault = (code: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="http://soap.sforce.com/2006/04/metadata"><soapenv:Body><soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${code}: boom</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;

describe('which responses are retried', () => {
  it('retries 5xx and 429 REST responses', () => {
    expect(isTransientResponse({ statusCode: 503, body: '[{"errorCode":"SERVER_UNAVAILABLE","message":"x"}]' })).toBe(true);
    expect(isTransientResponse({ statusCode: 500, body: '' })).toBe(true);
    expect(isTransientResponse({ statusCode: 429, body: '' })).toBe(true);
    expect(isTransientResponse({ statusCode: 400, body: '[{"errorCode":"MALFORMED_QUERY"}]' })).toBe(false);
  });

  it('does not retry a SOAP fault that would fail the same way again (an expired session is 500 in SOAP)', () => {
    expect(isTransientResponse({ statusCode: 500, body: soapFault('INVALID_SESSION_ID') })).toBe(false);
    expect(isTransientResponse({ statusCode: 500, body: soapFault('INVALID_TYPE') })).toBe(false);
    expect(isTransientResponse({ statusCode: 500, body: soapFault('SERVER_UNAVAILABLE') })).toBe(true);
  });
});
