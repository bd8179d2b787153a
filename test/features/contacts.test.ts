import { describe, it, expect } from '@jest/globals';
import { classifyTitle, createContactAggregator, defaultFeatureSpec, emptyContactAggregate } from '../../src/features/index.js';

const spec = defaultFeatureSpec();

describe('classifyTitle', () => {
  it.each([
    ['VP Sales', 'atl'],
    ['SVP, People', 'atl'],
    ['EVP Operations', 'atl'],
    ['Chief People Officer', 'atl'],
    ['CxO', 'atl'],
    ['CHRO', 'atl'],
    ['C.E.O.', 'atl'],
    ['Dir. Talent Acquisition', 'atl'],
    ['Senior Director People Operations', 'atl'],
    ['Head of Recruiting', 'atl'],
    ['Founder & CEO', 'atl'],
    ['CEO & Founder 🚀', 'atl'],
    ['Owner', 'atl'],
    ['Vice President, People & Culture', 'atl'],
    ['V.P.', 'atl'],
    ['Directeur des Ressources Humaines', 'atl'],
    ['Sr. Recruiter', 'btl'],
    ['Talent Acquisition Coordinator', 'btl'],
    ['HR Manager', 'btl'],
    ['HRBP', 'btl'],
    ['Software Engineer', 'btl'],
    // Executive words that do not make a decision maker:
    ['Executive Assistant to the CEO', 'btl'],
    ['Product Owner', 'btl'],
    // Interns do not influence a purchase: neither ATL nor BTL.
    ['Intern', 'other'],
    ['HR Intern', 'other'],
    ['Working Student', 'other'],
    ['Board Member', 'other'],
    ['', 'other'],
    ['   ', 'other'],
  ])('%j -> %s', (title, cls) => {
    expect(classifyTitle(spec, title)).toBe(cls);
  });

  it('treats null, undefined and non-strings as other', () => {
    expect(classifyTitle(spec, null)).toBe('other');
    expect(classifyTitle(spec, undefined)).toBe('other');
    expect(classifyTitle(spec, 42)).toBe('other');
  });

  it('follows the spec: an admin can reclassify directors as BTL without code', () => {
    const custom = defaultFeatureSpec();
    custom.contacts!.titleRules.unshift({ class: 'btl', patterns: ['director', 'dir'] });
    expect(classifyTitle(custom, 'Director of HR')).toBe('btl');
    expect(classifyTitle(spec, 'Director of HR')).toBe('atl');
  });
});

describe('createContactAggregator', () => {
  it('counts roles and email kinds per account, matching 15- and 18-char Ids', () => {
    const agg = createContactAggregator(spec);
    const acme = '001000000000001AAA';
    agg.add({ AccountId: acme, Title: 'VP Talent', Email: 'ana@acme.example' });
    agg.add({ AccountId: acme, Title: 'Recruiter', Email: 'BEN@GMAIL.COM' });
    agg.add({ AccountId: acme.slice(0, 15), Title: null, Email: null });
    agg.add({ AccountId: acme, Title: 'Intern', Email: 'not-an-email' });
    expect(agg.get(acme)).toEqual({ contactCount: 4, atlCount: 1, btlCount: 1, otherCount: 2, freeMailCount: 1, withEmailCount: 2 });
    expect(agg.size).toBe(1);
  });

  it('returns an empty aggregate for accounts without contacts and counts contacts without an account', () => {
    const agg = createContactAggregator(spec);
    expect(agg.add({ AccountId: null, Title: 'CEO', Email: 'x@y.com' })).toBe(false);
    expect(agg.unassigned).toBe(1);
    expect(agg.get('001000000000009AAA')).toEqual(emptyContactAggregate());
  });
});
