// Researcher_Notes__c as researchers actually write it: terse fragments, inconsistent formats,
// typos, negations, the odd emoji or non-Latin snippet, many empty notes and a few huge pastes.
// Notes express the TRUE latent signals, but imperfectly: often omitted, sometimes only hinted.
import type { Rng } from './prng.js';
import type { Latent } from './latent.js';
import { COUNTRIES, HIRING_ROLES, INVESTORS, LEADER_ROLES, MONTHS, MONTHS_SHORT, REGIONS, TECH_VARIANTS } from './vocab.js';

export const NOTES_MAX_LENGTH = 131072;

export interface NotesContext {
  companyName: string;
  asOf: Date;
}

const PLACEHOLDERS = ['n/a', '-', 'TBD', 'see LinkedIn', 'nothing found', '?', 'N/A', 'todo', 'no info', '.'];
const EMOJIS = ['🚀', '🔥', '👀', '✅', '📈', '💰', '🎉', '⚠️', '🤔', '👍'];
const SEPARATORS = ['; ', '. ', ' - ', '\n', ' | ', ', ', ' / ', ';', '\n- ', ' // '];
const TYPOS: Record<string, readonly string[]> = {
  hiring: ['hirng', 'hiriing', 'hirign'],
  Hiring: ['Hirng', 'Hirign'],
  series: ['seires', 'sereis', 'serie'],
  Series: ['Seires', 'Sereis', 'Serie'],
  funding: ['fundng', 'fudning', 'funidng'],
  raised: ['raisd', 'rasied', 'raied'],
  Raised: ['Raisd', 'Rasied'],
  recruiting: ['recuriting', 'recruting'],
  locations: ['locatons', 'locaitons'],
  million: ['milion', 'millon'],
  layoffs: ['layofs', 'lay-offs', 'lay offs'],
  growth: ['grwoth', 'growht'],
  headcount: ['headcout', 'head count', 'hc'],
  engineers: ['enginers', 'engineeers'],
  announced: ['annouced', 'anounced'],
  round: ['rnd', 'roud'],
  joined: ['joind', 'jioned'],
};

function monthIndexAgo(asOf: Date, monthsAgo: number): { month: number; year: number } {
  const total = asOf.getUTCFullYear() * 12 + asOf.getUTCMonth() - monthsAgo;
  return { month: total % 12, year: Math.floor(total / 12) };
}

function whenText(rng: Rng, asOf: Date, monthsAgo: number): string {
  const { month, year } = monthIndexAgo(asOf, monthsAgo);
  if (monthsAgo === 0 && rng.chance(0.5)) return rng.pick(['just announced', 'this month', 'last week']);
  if (monthsAgo === 1 && rng.chance(0.4)) return 'last month';
  if (monthsAgo >= 12 && rng.chance(0.6)) return rng.pick([`in ${year}`, `back in ${year}`, `(${year})`]);
  return rng.weighted([
    [`in ${MONTHS[month]}`, 0.3],
    [`(${MONTHS_SHORT[month]})`, 0.15],
    [`${MONTHS_SHORT[month]} ${year}`, 0.2],
    [`in Q${Math.floor(month / 3) + 1}`, 0.15],
    [`${month + 1}/${year % 100}`, 0.1],
    ['', 0.05],
  ] as const);
}

function amountText(rng: Rng, amountM: number, region: Latent['region']): string {
  const m = amountM < 10 ? Math.round(amountM * 10) / 10 : amountM < 50 ? Math.round(amountM) : Math.round(amountM / 5) * 5;
  if (region === 'EMEA' && rng.chance(0.4)) return rng.pick([`€${Math.round(m * 0.92)}M`, `EUR ${Math.round(m * 0.92)}m`, `${Math.round(m * 0.92)}M€`]);
  return rng.weighted([
    [`$${m}M`, 0.4],
    [`${m}m`, 0.15],
    [`USD ${m}M`, 0.1],
    [`$${m} million`, 0.12],
    [`${m} mil`, 0.08],
    [`$${Math.round(m * 1_000_000).toLocaleString('en-US')}`, 0.08],
    [`${m}M USD`, 0.07],
  ] as const);
}

function roundText(rng: Rng, stage: Exclude<Latent['funding'], 'none'>): string {
  if (stage === 'seed') return rng.pick(['seed round', 'Seed', 'seed', 'pre-seed', 'Seed round', 'seed funding']);
  const letter = stage === 'D+' ? rng.pick(['D', 'D', 'E', 'F']) : stage;
  return rng.weighted([
    [`Series ${letter}`, 0.45],
    [`series ${letter.toLowerCase()}`, 0.2],
    [`Series-${letter}`, 0.07],
    [`${letter} round`, 0.12],
    [`Ser. ${letter}`, 0.06],
    [`SERIES ${letter}`, 0.05],
    [`${letter}-round`, 0.05],
  ] as const);
}

function fundingFragment(rng: Rng, l: Latent, asOf: Date): string | null {
  if (l.funding === 'none') {
    if (rng.chance(0.05)) return rng.pick(['looking to raise Series A next yr', 'raising a seed round (not closed)', 'might raise in 2027?']);
    if (!rng.chance(0.3)) return null;
    return rng.pick(['no funding yet, bootstrapped', 'Bootstrapped', 'self-funded', 'no VC $$', 'not VC-backed afaik', 'no outside funding', 'Privately held, no funding rounds', 'family owned, no investors', 'funding: none']);
  }
  if (!rng.chance(l.fundingMonthsAgo < 18 ? 0.9 : 0.7)) return null;
  const round = roundText(rng, l.funding);
  const amount = amountText(rng, l.fundingAmountM, l.region);
  const when = whenText(rng, asOf, l.fundingMonthsAgo);
  const inv = rng.pick(INVESTORS);
  const t = rng.int(0, 7);
  const parts = [
    `Raised ${amount} ${round} ${when}`,
    `${round.toLowerCase()} - ${amount.toLowerCase()} (${inv})${rng.chance(0.5) ? `, ${when}` : ''}`,
    `${round} (${amount}) led by ${inv}, ${when}`,
    `closed ${amount} ${round} ${when}`,
    `${amount} ${round} ${when} ${rng.chance(0.3) ? rng.pick(['💰', '🚀']) : ''}`,
    `funding: ${round}, ${amount}`,
    `raised ${round} ${when}`,
    `${inv} led their ${round} ${when}, ${amount}`,
  ];
  return parts[t].replace(/\s+/g, ' ').trim();
}

function citiesFor(rng: Rng, l: Latent, k: number): string[] {
  const pool = [...l.country.cities];
  // Multi-site companies often hire abroad too (e.g. "Austin and Dublin").
  while (pool.length < k + 2 || rng.chance(0.3)) {
    const region = rng.pick(REGIONS);
    pool.push(rng.pick(rng.pick(COUNTRIES[region]).cities));
    if (pool.length > 40) break;
  }
  // Repeats can leave fewer distinct cities than k (Singapore + the same picks again): top the
  // pool up, else the loop below never ends. Only such accounts draw more; others are unchanged.
  while (new Set(pool).size < k) pool.push(rng.pick(rng.pick(COUNTRIES[rng.pick(REGIONS)]).cities));
  const out: string[] = [];
  while (out.length < k) {
    const c = rng.pick(pool);
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

function listText(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function hiringFragment(rng: Rng, l: Latent): string | null {
  if (!l.hiring) {
    if (!rng.chance(0.3)) return null;
    return rng.pick(['Not hiring atm', 'hiring freeze', 'no open reqs', 'careers page empty', 'no open roles on LI', 'not hiring', 'Hiring: none', 'froze hiring this yr']);
  }
  if (!rng.chance(0.9)) return null;
  const n = l.hiringCount;
  const role = rng.pick(HIRING_ROLES);
  if (l.hiringLocations > 1 && rng.chance(0.75)) {
    const cities = citiesFor(rng, l, l.hiringLocations);
    return rng.pick([
      `hiring ${n} ${role} across ${listText(cities)}`,
      `Hiring in ${l.hiringLocations} locations (${cities.join(', ')})`,
      `open roles in ${cities.join(' / ')}`,
      `${n} open reqs, offices in ${listText(cities)}`,
      `opening new office in ${cities[cities.length - 1]}, hiring there + ${cities[0]}`,
    ]);
  }
  const city = citiesFor(rng, l, 1)[0];
  if (n === 1) return rng.pick([`hiring a ${role.replace(/s$/, '')} in ${city}`, '1 open req on careers page', 'one open role on LI', 'hiring 1 recruiter']);
  return rng.pick([
    `hiring ${n} ${role} in ${city}`,
    `${n} open reqs on careers page`,
    `lots of open roles (${n}+) on LinkedIn`,
    'actively hiring',
    'hiring aggressively',
    `${n} jobs posted on LI, mostly ${role}`,
    `Hiring: ${n} ${role}`,
    `hiring freeze lifted, ${n} open reqs`,
  ]);
}

function trendFragments(rng: Rng, l: Latent): string[] {
  const out: string[] = [];
  const pct = Math.abs(l.growthPct);
  if (l.trend === 'growth' && rng.chance(0.75)) {
    out.push(
      pct >= 90 && rng.chance(0.5)
        ? rng.pick(['doubled the team since last yr', 'headcount 2x in 12 months'])
        : rng.pick([`headcount grew ${pct}% YoY`, `+${pct}% headcount (LinkedIn)`, 'growing fast', `grew ${pct}% last year`, `team up ${pct}% yoy`]),
    );
  }
  if (l.trend === 'decline' && rng.chance(0.8)) {
    out.push(
      l.layoffs
        ? rng.pick([`layoffs in Q${rng.int(1, 4)}`, `cut ${pct}% of staff in ${rng.pick(MONTHS_SHORT)}`, `RIF earlier this year (~${pct}%)`, 'downsizing', `restructuring, let go ~${Math.max(3, Math.round((l.employees * pct) / 100))} ppl`, 'recent layoffs 😬'])
        : rng.pick([`headcount down ${pct}% yoy`, 'shrinking', 'lost a big customer, tightening budgets', `LI shows -${pct}% employees`]),
    );
  }
  if (l.trend === 'flat' && rng.chance(0.08)) out.push(rng.pick(['headcount flat', 'stable team size', 'no growth to speak of']));
  if (l.turnover && rng.chance(0.6)) out.push(rng.pick(['high turnover in TA team', 'Glassdoor mentions churn', 'lots of attrition', 'recruiters keep leaving']));
  return out;
}

function leaderFragment(rng: Rng, l: Latent, asOf: Date): string | null {
  if (!l.newLeader || !rng.chance(0.9)) return null;
  const role = rng.pick(LEADER_ROLES.filter(([, talent]) => talent === l.newLeaderIsTalent))[0];
  const { month } = monthIndexAgo(asOf, l.leaderMonthsAgo);
  const q = `Q${Math.floor(month / 3) + 1}`;
  return rng.pick([
    `new ${role} since ${q}`,
    `New ${role} joined ${MONTHS_SHORT[month]}`,
    `new ${role} (ex-${rng.pick(['Google', 'Salesforce', 'Amazon', 'Stripe', 'Deloitte', 'Meta', 'Workday'])})`,
    `just hired a ${role}`,
    `${role} started in ${MONTHS[month]} ${rng.chance(0.2) ? '🎉' : ''}`.trim(),
    `${role} is new (${MONTHS_SHORT[month]})`,
  ]);
}

function techFragment(rng: Rng, l: Latent): string | null {
  if (!rng.chance(0.12)) return null;
  const tool = rng.pick(TECH_VARIANTS[l.tech]);
  if (l.tech === 'none') return rng.pick(['no ATS as far as I can tell', 'no tool, all via email']);
  if (l.tech === 'spreadsheets') return rng.pick(['tracking candidates in spreadsheets lol', 'using Excel for hiring', 'all in google sheets']);
  return rng.pick([`on ${tool}, renewal in ${rng.pick(MONTHS_SHORT)}`, `using ${tool}`, `${tool} customer (per job posts)`, `they use ${tool} - unhappy?`]);
}

function fillerFragment(rng: Rng, l: Latent): string {
  return rng.pick([
    `HQ in ${rng.pick(l.country.cities)}`,
    'Remote-first',
    `spoke w/ ${rng.pick(['John', 'Priya', 'Marta', 'Kenji', 'Sam'])} at SaaStr`,
    'met at HR Tech conf',
    'pls check w/ AE before outreach',
    `Glassdoor 3.${rng.int(0, 9)}`,
    'acquired a small competitor last yr',
    'website redesign, new pricing page',
    'CEO very active on LinkedIn',
    'did a demo 2 yrs ago, went dark',
    'competitor customer?',
    `expanding into ${rng.pick(REGIONS)}`,
    'mostly contractors',
    'seasonal peaks Nov-Dec',
    'family-owned',
    'PE-owned',
    'ICP fit?',
    'dup of another acct?',
    `LI shows ${Math.max(1, Math.round(l.employees * (0.8 + rng.next() * 0.4)))} employees`,
    'good fit imo',
    'call back after budget cycle',
    'champion left',
    'website down when checked',
  ]);
}

function nonLatinSnippet(rng: Rng, l: Latent): string {
  if (l.hiring && rng.chance(0.5)) return rng.pick(['採用強化中', 'エンジニア採用を拡大中', 'Набор сотрудников продолжается', 'يوظفون حالياً']);
  if (l.funding !== 'none' && l.fundingMonthsAgo < 18 && rng.chance(0.4)) return rng.pick(['資金調達済み', 'シリーズ調達を発表', 'привлекли инвестиции']);
  return rng.pick(['本社は東京', '担当者不在', 'контакт: отдел кадров', 'мы перезвоним', 'مقر الشركة في دبي', '联系人：HR', 'Société de conseil', 'Ärger mit dem Betriebsrat']);
}

const PASTE_SENTENCES = [
  'is a leading provider of innovative solutions that help organizations of every size transform the way they work.',
  'Our mission is to empower people and teams with technology that is simple, secure and delightful to use.',
  'Founded by industry veterans, the company serves thousands of customers across dozens of countries.',
  'We believe that great products start with great people, which is why we invest in our culture every day.',
  'Our platform integrates with the tools you already use, so you can get started in minutes, not months.',
  'Benefits include flexible working, competitive salary, equity, private health insurance and a learning budget.',
  'We are an equal opportunity employer and value diversity at our company.',
  'Customers rely on us to streamline operations, reduce costs and deliver better experiences to their own customers.',
  'Our award-winning support team is available around the clock to help you succeed.',
  'Read our latest blog post on the future of work, hybrid teams and what it means for leaders.',
  'Cookie policy: we use cookies to improve your experience. By continuing to browse you agree to our use of cookies.',
  'Privacy | Terms | Security | Status | Careers | Press | Contact us',
];

/** A note built around a huge paste (website copy, press release, job board dump). */
function pastedText(rng: Rng, l: Latent, ctx: NotesContext): string {
  const target = rng.int(42_000, 60_000);
  const parts: string[] = ['--- pasted from website ---'];
  if (l.funding !== 'none' && rng.chance(0.7)) {
    parts.push(`${ctx.companyName} today announced it has raised ${amountText(rng, l.fundingAmountM, 'North America')} in ${roundText(rng, l.funding)} funding led by ${rng.pick(INVESTORS)}.`);
  }
  let len = parts.join('\n').length;
  while (len < target) {
    const sentence = `${rng.chance(0.3) ? ctx.companyName + ' ' : ''}${rng.pick(PASTE_SENTENCES)}`;
    parts.push(rng.chance(0.1) ? `\n${sentence}` : sentence);
    len += sentence.length + 2;
  }
  return parts.join(' ');
}

function applyTypos(rng: Rng, text: string, perWord: number): string {
  return text.replace(/[A-Za-z]+/g, (w) => {
    const alts = TYPOS[w];
    if (alts && rng.chance(perWord)) return rng.pick(alts);
    if (w.length > 5 && rng.chance(perWord * 0.05)) {
      const i = rng.int(1, w.length - 2); // swap two letters, as fast typists do
      return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    }
    return w;
  });
}

export function writeNotes(rng: Rng, l: Latent, ctx: NotesContext): string | null {
  const r = rng.next();
  if (r < 0.21) return null;
  if (r < 0.24) return rng.pick(PLACEHOLDERS);

  const fragments: string[] = [];
  const funding = fundingFragment(rng, l, ctx.asOf);
  if (funding) fragments.push(funding);
  const hiring = hiringFragment(rng, l);
  const leader = leaderFragment(rng, l, ctx.asOf);
  const rest = [hiring, leader, ...trendFragments(rng, l), techFragment(rng, l)].filter((f): f is string => f !== null);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  fragments.push(...rest);
  const fillers = rng.weighted([[0, 0.45], [1, 0.4], [2, 0.15]] as const);
  for (let i = 0; i < fillers || fragments.length === 0; i++) {
    const filler = fillerFragment(rng, l);
    if (!fragments.includes(filler)) fragments.splice(rng.int(0, fragments.length), 0, filler);
  }

  const sep = rng.pick(SEPARATORS);
  let text = fragments.join(sep);
  if (rng.chance(0.35)) text = applyTypos(rng, text, 0.35);
  const casing = rng.next();
  if (casing < 0.18) text = text.toLowerCase();
  else if (casing < 0.21) text = text.toUpperCase();
  if (rng.chance(0.05)) text += ` ${rng.pick(EMOJIS)}`;
  if (rng.chance(0.03)) text += `${rng.pick([' ', '\n', ' / '])}${nonLatinSnippet(rng, l)}`;
  if (rng.chance(0.004)) text += `\n\n${pastedText(rng, l, ctx)}`;
  if (rng.chance(0.05)) text = `${text}${rng.pick(['', ' ', '  ', '\n'])}`; // trailing junk from copy-paste
  return text.length > NOTES_MAX_LENGTH ? text.slice(0, NOTES_MAX_LENGTH) : text;
}
