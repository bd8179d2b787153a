// The feature spec Account Score ships with (48 model inputs). It is plain data: copy it to JSON
// (`JSON.stringify(defaultFeatureSpec(), null, 2)`), edit, and train with the edited file.
// Patterns are regex sources over folded text (lowercase, no accents), wrapped in word boundaries.
import { FeatureSpecSchema, type FeatureSpec, type FeatureSpecInput } from './spec.js';

const SERIES = 'series|serie|seires|sereis|seris|sries|serise|siries|seriess|seriers|ser\\.';
// "round" as typed in a hurry ("B-rnd", "seed roud").
const ROUND = 'round|rnd|roud|rd';

const PLACES: Record<string, string[]> = {
  'New York': ['nyc', 'new york city', 'manhattan', 'brooklyn'],
  'San Francisco': ['sf', 'bay area', 'silicon valley'],
  Austin: [], Chicago: [], Boston: [], Seattle: [], Denver: [], Atlanta: [],
  'Los Angeles': [], Miami: [], Raleigh: [], Dallas: [], 'Salt Lake City': ['slc'], Nashville: [],
  Philadelphia: ['philly'], Toronto: [], Montreal: [], Vancouver: [], Ottawa: [], Calgary: [], Waterloo: [],
  London: [], Manchester: [], Edinburgh: [], Bristol: [], Leeds: [], Cambridge: [],
  Berlin: [], Munich: ['munchen'], Hamburg: [], Cologne: ['koln'], Frankfurt: [], Dusseldorf: ['duesseldorf'],
  Paris: [], Lyon: [], Toulouse: [], Nantes: [], Lille: [], Amsterdam: [], Rotterdam: [], Utrecht: [], Eindhoven: [],
  Dublin: [], Cork: [], Galway: [], Madrid: [], Barcelona: [], Malaga: [], Valencia: [], Lisbon: ['lisboa'],
  Stockholm: [], Gothenburg: ['goteborg'], Malmo: [], Zurich: [], Geneva: ['geneve'], Basel: [], Lausanne: [],
  Warsaw: ['warszawa'], Krakow: [], Wroclaw: [], 'Tel Aviv': [], Herzliya: [], Jerusalem: [], Dubai: [], 'Abu Dhabi': [],
  'Cape Town': [], Johannesburg: [], Durban: [], Copenhagen: ['kobenhavn'], Aarhus: [], Milan: ['milano'], Rome: ['roma'],
  Turin: ['torino'], Bologna: [], Sydney: [], Melbourne: [], Brisbane: [], Perth: [], Adelaide: [],
  Tokyo: ['東京'], Osaka: [], Fukuoka: [], Yokohama: [], Singapore: [], Bengaluru: ['bangalore'], Mumbai: [], Pune: [],
  Hyderabad: [], Gurugram: ['gurgaon'], Chennai: [], Auckland: [], Wellington: [], Christchurch: [], Seoul: [], Busan: [],
  Pangyo: [], 'Hong Kong': [], Kowloon: [], 'Sao Paulo': [], 'Rio de Janeiro': [], 'Belo Horizonte': [], Curitiba: [],
  Florianopolis: [], 'Porto Alegre': [], 'Mexico City': ['ciudad de mexico', 'cdmx'], Monterrey: [], Guadalajara: [],
  'Buenos Aires': [], Cordoba: [], Rosario: [], Bogota: [], Medellin: [], Santiago: [], Valparaiso: [],
  'United States': ['usa', 'the us'], Canada: [], 'United Kingdom': ['the uk'], Germany: [], France: [], Netherlands: [],
  Ireland: [], Spain: [], Sweden: [], Switzerland: [], Poland: [], Israel: [], Australia: [], Japan: [], India: [],
  Brazil: ['brasil'], Mexico: [], Argentina: [], Colombia: [], Chile: [],
};

// Month names (folded) for dates in notes, January first: English, then French/Spanish/German.
const MONTH_NAMES = [
  ['january', 'jan', 'janvier', 'enero', 'januar'], ['february', 'feb', 'fevrier', 'febrero', 'februar'],
  ['march', 'mar', 'mars', 'marzo', 'marz'], ['april', 'apr', 'avril', 'abril'], ['may', 'mai', 'mayo'],
  ['june', 'jun', 'juin', 'junio', 'juni'], ['july', 'jul', 'juillet', 'julio', 'juli'], ['august', 'aug', 'aout', 'agosto'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre'], ['october', 'oct', 'octobre', 'octubre', 'oktober'],
  ['november', 'nov', 'novembre', 'noviembre'], ['december', 'dec', 'decembre', 'diciembre', 'dezember'],
];
const RELATIVE_DATES = [
  { pattern: 'just (?:announced|closed|raised|started|joined)', months: 0 },
  { pattern: 'this (?:month|week)', months: 0 },
  { pattern: 'last week', months: 0 },
  { pattern: 'yesterday|today', months: 0 },
  { pattern: 'recently', months: 1 },
  { pattern: 'last month', months: 1 },
  { pattern: 'earlier this (?:year|yr)', months: 4 },
  { pattern: '(\\d{1,2}|a|an|one) months? ago', months: 1 },
  { pattern: 'last (?:year|yr)', months: 12 },
  { pattern: '(\\d{1,2}|a|an|one) (?:years?|yrs?) ago', months: 12 },
];

// Category aliases: canonical value -> pattern over the whole folded value; the first match wins,
// in the order written here.
const COUNTRIES = {
  'United States': 'united states(?: of america)?|usa|us|u\\.s\\.(?:a\\.)?|america',
  'United Kingdom': 'united kingdom|uk|u\\.k\\.|great britain|britain|england|scotland|wales|northern ireland',
  Germany: 'germany|deutschland',
  Brazil: 'brazil|brasil',
  Mexico: 'mexico',
  'United Arab Emirates': 'united arab emirates|uae|u\\.a\\.e\\.',
  'South Korea': 'korea',
  Netherlands: 'netherlands|holland|nederland',
  Spain: 'espana|spain',
  Switzerland: 'switzerland|schweiz|suisse|svizzera',
};
const REGIONS = {
  'North America': 'north america|namer|na|amer',
  EMEA: 'emea|europe|eu',
  APAC: 'apac|apj|asia pacific|asia',
  LATAM: 'latam|latin america|south america',
};
const SEGMENTS = {
  'Mid-Market': 'mid[- ]?market|midmarket|mm|mid',
  Enterprise: 'enterprise|ent|large enterprise|strategic',
  SMB: 'smb|small business|small',
};
const ABM_TIERS = { 'Tier 1': 'tier ?1|t1', 'Tier 2': 'tier ?2|t2', 'Tier 3': 'tier ?3|t3' };
// Current_Technology__c is read twice (brand and kind of tool); these tools keep their own name in both.
const ATS_TOOLS = {
  Greenhouse: 'greenhouse|greenhous|green house',
  Lever: 'lever',
  Workday: 'workday',
  BambooHR: 'bamboo ?hr|bamboo',
  Spreadsheets: 'spreadsheets?|excel|google sheets|sheets|xlsx?|csv',
  None: 'none|no ats|nothing|no tool|no system',
};
const ATS_BRANDS = { ...ATS_TOOLS, iCIMS: 'icims', Taleo: 'taleo', 'SAP SuccessFactors': 'successfactors|success factors' };
const ATS_KINDS = {
  ...ATS_TOOLS,
  'Enterprise ATS': 'icims|taleo|successfactors|success factors|jobvite|avature|cornerstone|oracle|sap|ukg|kenexa|peoplesoft',
  'SMB/mid-market ATS':
    'workable|jazz ?hr|ashby|smart ?recruiters|personio|recruitee|teamtailor|hibob|bob|zoho(?: recruit)?|breezy ?hr|breezy|pinpoint|homerun|manatal|recruiterbox|freshteam|gusto',
};

type CategoricalInput = NonNullable<FeatureSpecInput['categorical']>[number];

function categorical(id: string, field: string, label: string, topK: number, aliases?: Record<string, string>): CategoricalInput {
  const feature: CategoricalInput = { id, field, label, topK };
  if (aliases) feature.aliases = Object.entries(aliases).map(([value, pattern]) => ({ pattern, value }));
  return feature;
}

const RAW: FeatureSpecInput = {
  version: 1,
  name: 'account-score-default',
  numeric: [
    { id: 'annual_revenue', field: 'AnnualRevenue', label: 'Annual revenue', transform: 'log1p', missingFlag: true, format: 'usd' },
    { id: 'employees', field: 'NumberOfEmployees', label: 'Employees', transform: 'log1p', missingFlag: true, format: 'integer' },
  ],
  categorical: [
    categorical('account_type', 'Type', 'Account type', 10),
    categorical('industry', 'Industry', 'Industry', 30),
    categorical('billing_country', 'BillingCountry', 'Billing country', 30, COUNTRIES),
    categorical('region', 'Region__c', 'Region', 8, REGIONS),
    categorical('gtm_segment', 'GTM_Segment__c', 'GTM segment', 6, SEGMENTS),
    categorical('abm_group', 'ABM_Group__c', 'ABM group', 6, ABM_TIERS),
    categorical('persona', 'Persona__c', 'Persona', 10),
    categorical('current_technology', 'Current_Technology__c', 'Current technology (ATS)', 15, ATS_BRANDS),
    // The same field read as the KIND of tool: ~30 product names collapse to 8 kinds, so the
    // trees see few, well-populated categories (a tool's kind, not its brand, says how ready a
    // team is to switch). The brand stays in current_technology for explanations.
    categorical('ats_kind', 'Current_Technology__c', 'Kind of ATS/HR tool', 10, ATS_KINDS),
  ],
  notes: {
    field: 'Researcher_Notes__c',
    missingAs: 'nan',
    missingFeature: { id: 'notes_missing', label: 'Researcher notes missing' },
    lengthFeature: { id: 'notes_length', label: 'Researcher notes length (characters)' },
    macros: {
      SERIES,
      ROUND,
      LEADER:
        'vp|svp|evp|vice president|head|director|chief|cpo|chro|cro|ceo|coo|cfo|cto|cmo|gm|general manager|hr director|ta lead|talent lead|people lead|leader|leadership|manager|drh',
      HEADCOUNT: 'headcount|headcout|head count|hc|team size|staff|workforce|employees',
      // The buyer of HR tech: talent/people/HR leaders.
      TALENT_LEADER:
        'chro|chief people officer|chief (?:talent|human resources|hr) officer|(?:vp|svp|evp|vice president|head|director|dir) (?:of )?(?:talent(?: acquisition)?|people(?: ops| operations)?|recruiting|recruitment|hr|human resources|ta)|hr director|drh|ta lead|talent lead|people lead',
      NUMWORD: 'two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|multiple|dos|tres|deux|trois|zwei|drei',
    },
    negation: {
      before: [
        'no', 'not', 'never', 'without', 'none', 'nor', 'zero', 'no longer', 'yet to', 'lack of', 'lacks', 'unlikely',
        "isn't", "aren't", "wasn't", "hasn't", "haven't", "didn't", "doesn't", "don't", "won't",
        'isnt', 'arent', 'wasnt', 'hasnt', 'havent', 'didnt', 'doesnt', 'dont', 'wont',
        'stopped', 'paused', 'halted', 'froze', 'frozen', 'denied', 'rumou?red',
        // intentions are not facts: "looking to raise Series A next yr"
        'looking to', 'looikng to', 'lookign to', 'planning to', 'plans? to', 'might', 'hoping to', 'hopes? to', 'wants? to', 'considering',
        // a raise in progress is not money received ("raising a seed round (not closed)")
        'raising', 'currently raising', 'in talks', 'trying to',
        'pas de', 'pas', 'sans', 'sin', 'kein', 'keine', 'nicht', 'nao',
      ],
      window: 3,
      after: ['none', 'no', 'nope', 'not yet', 'n/a', 'na', 'nil', 'not really', 'false', 'unknown'],
    },
    signals: [
      {
        id: 'notes_funding',
        label: 'Funding received',
        kind: 'flag',
        patterns: [
          'raised', 'funding', 'funded', 'fundraise', 'fund ?raising', 'financing', 'backed by',
          'investment from', 'investors?', 'vc[- ]backed', 'venture[- ]backed', 'pe[- ]backed',
          'closed (?:a|their|its|an) (?:[\\w$€£.,]+ ){0,4}round', '(?:funding|investment) round', 'secured \\S+', 'levee de fonds', 'leve', 'financiacion', 'finanzierung',
          'ronda de', 'captou', 'rodada',
        ],
        typos: ['fundng', 'fudning', 'fundign', 'fundig', 'fnding', 'raisd', 'rasied', 'riased', 'fundraize'],
        negativePatterns: [
          'bootstrapped', 'bootstrapping', 'self[- ]funded', 'unfunded', 'no outside (?:funding|capital|investment)',
          'raised (?:concerns?|questions?|prices|an? issue|issues|the issue|objections?)',
        ],
        impliedBy: ['notes_round', 'notes_amount'],
      },
      {
        id: 'notes_round',
        label: 'Funding round',
        kind: 'ordinal',
        levels: [
          { id: 'none', label: 'none stated' },
          { id: 'seed', label: 'Seed' },
          { id: 'A', label: 'Series A' },
          { id: 'B', label: 'Series B' },
          { id: 'C', label: 'Series C' },
          { id: 'D+', label: 'Series D or later' },
        ],
        rules: [
          { level: 'seed', patterns: ['pre[- ]?seed', 'seed', 'seed[- ]funded', 'angel (?:{ROUND}|investment|investors?)'] },
          {
            level: 'A',
            // "closed a round" is not an A round: only a bare "A round" not preceded by a verb counts.
            patterns: ['(?:{SERIES})\\s?-?\\s?a(?:-?[12])?', 'a-(?:{ROUND})', '(?<!(?:closed|raised|raising|secured|led|of|in|for|on|from|completed?|announced?|close|raise|new|another) )a (?:{ROUND})'],
          },
          { level: 'B', patterns: ['(?:{SERIES})\\s?-?\\s?b(?:-?[12])?', 'b[- ](?:{ROUND})', '(?:{ROUND}) b'] },
          { level: 'C', patterns: ['(?:{SERIES})\\s?-?\\s?c(?:-?[12])?', 'c[- ](?:{ROUND})', '(?:{ROUND}) c'] },
          {
            level: 'D+',
            patterns: ['(?:{SERIES})\\s?-?\\s?[d-k](?:-?[12])?', '[d-h][- ](?:{ROUND})', '(?:{ROUND}) [d-h]', 'pre[- ]?ipo', 'late[- ]stage (?:round|funding)'],
          },
        ],
      },
      {
        id: 'notes_amount',
        label: 'Amount raised',
        kind: 'amount',
        transform: 'log1p',
        contextSignals: ['notes_funding', 'notes_round'],
        // Approximate USD rates: the feature ranks raise sizes, it is not accounting.
        currencies: {
          $: 1, 'us$': 1, usd: 1, dollars: 1, dollar: 1, '€': 1.08, eur: 1.08, euro: 1.08, euros: 1.08,
          '£': 1.27, gbp: 1.27, pounds: 1.27, chf: 1.12, cad: 0.73, 'c$': 0.73, aud: 0.66, 'a$': 0.66,
          inr: 0.012, '₹': 0.012, sek: 0.095, jpy: 0.0067, '¥': 0.0067, 'r$': 0.18, brl: 0.18, sgd: 0.74, 's$': 0.74,
        },
        magnitudes: {
          k: 1e3, thousand: 1e3, m: 1e6, mm: 1e6, mn: 1e6, mio: 1e6, million: 1e6, millions: 1e6, millones: 1e6,
          millon: 1e6, mil: 1e6, milion: 1e6, b: 1e9, bn: 1e9, billion: 1e9, billions: 1e9, mrd: 1e9, milliard: 1e9, milliards: 1e9,
          cr: 1e7, crore: 1e7, lakh: 1e5,
        },
      },
      {
        id: 'notes_funding_months_ago',
        label: 'Months since the funding stated',
        kind: 'months_ago',
        contextSignals: ['notes_funding', 'notes_round', 'notes_amount'],
        window: 48,
        monthNames: MONTH_NAMES,
        relative: RELATIVE_DATES,
      },
      {
        id: 'notes_hiring',
        label: 'Hiring',
        kind: 'flag',
        patterns: [
          'hiring', 'hire', 'hires', 'actively recruiting', 'recruiting (?:for|\\d+|aggressively|heavily|across|in)',
          'recruitment drive', 'open (?:roles?|positions?|reqs?|requisitions?|headcount|jobs?)', 'job (?:openings|postings|posts|ads)',
          'jobs? posted', 'posted \\d+ jobs', 'careers page (?:lists|shows) \\d+',
          'headcount plan', 'staffing up', 'scaling (?:the|their|its) team', 'growing (?:the|their|its) team',
          'building out (?:the|their|its|a) \\w+ team', 'embauche', 'recrute', 'recrutement', 'contratando', 'contratacion',
          'stellenangebote',
        ],
        typos: ['hirng', 'hirign', 'hring', 'hiriing', 'hirring', 'hirin', 'recuiting', 'recrutiing', 'reqruiting', 'recuriting', 'recruting'],
        negativePatterns: [
          'hiring freeze', 'freez(?:e|es|ing) (?:on )?hiring', 'froze (?:on )?hiring', 'pause[ds]? (?:on )?hiring', 'stopped hiring', 'not hiring',
          'hiring (?:is |was )?(?:paused|on hold|frozen|stopped)', 'no (?:open )?(?:roles|reqs|positions)',
          '(?:hirng|hiriing|hirign|hring) freeze', 'per job (?:posts?|postings|ads)', '(?:for|with|in) hiring',
        ],
      },
      {
        id: 'notes_hiring_locations',
        label: 'Hiring locations',
        kind: 'count',
        contextSignals: ['notes_hiring'],
        countPatterns: [
          '(\\d{1,2}|{NUMWORD}) (?:new |different |separate |other |distinct )?(?:locations|locatons|locaitons|offices|sites|cities|countries|hubs|regions|markets|locs)',
        ],
        numberWords: {
          two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
          several: 2, multiple: 2, dos: 2, tres: 3, deux: 2, trois: 3, zwei: 2, drei: 3,
        },
        places: PLACES,
      },
      {
        id: 'notes_hiring_count',
        label: 'Open roles stated',
        kind: 'count',
        contextSignals: ['notes_hiring'],
        countPatterns: [
          '(?:hiring|hirng|hiriing|hirign|hring|recruiting)(?::)? (\\d{1,4}|{NUMWORD}|a|an|one)',
          '(\\d{1,4}|{NUMWORD}|one)\\+? (?:new |open )?(?:reqs?|roles?|jobs?|positions?|openings|vacancies|requisitions)',
          '(?:roles|reqs|jobs|openings|positions) \\((\\d{1,4})\\+?\\)',
        ],
        numberWords: {
          a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
          twelve: 12, several: 3, multiple: 3, dos: 2, tres: 3, deux: 2, trois: 3, zwei: 2, drei: 3,
        },
      },
      {
        id: 'notes_growth',
        label: 'Headcount growth',
        kind: 'flag',
        patterns: [
          'growing (?:fast|quickly|rapidly|\\d+)', 'rapid growth', 'hyper[- ]?growth', '(?:{HEADCOUNT}) (?:up|grew|growing|doubled|increased|rising)',
          '(?:{HEADCOUNT}) \\d+(?:\\.\\d+)?x', '\\+\\d+ ?% (?:{HEADCOUNT}|employees)', 'team up \\d+', 'doubled the team',
          'doubled (?:headcount|in size|the team|revenue)', 'expanding (?:fast|rapidly|quickly)', 'yoy growth', 'grew \\d+',
          'scaling (?:fast|quickly|rapidly)', '\\d+ ?% (?:yoy |year over year )?growth', 'up \\d+ ?% (?:yoy|year over year)',
          'strong growth', 'crecimiento', 'croissance', 'wachstum',
        ],
        typos: ['groth', 'growht', 'grwoth', 'grwoing', 'hypergrwoth', 'growign'],
      },
      {
        id: 'notes_growth_pct',
        label: 'Headcount growth stated (%)',
        kind: 'count',
        contextSignals: ['notes_growth'],
        // "+35% headcount", "grew 35% last year"; "doubled" / "2x" read as 100%.
        countPatterns: ['\\+?(\\d{1,3}) ?%', '(doubled|2x)'],
        numberWords: { doubled: 100, '2x': 100 },
      },
      {
        id: 'notes_layoffs',
        label: 'Layoffs or decline',
        kind: 'flag',
        patterns: [
          'layoffs?', 'lay[- ]offs?', 'laid off', 'rif', 'reduction in force', 'downsiz(?:ing|ed|e)', 'restructur(?:ing|ed|e)',
          '(?:{HEADCOUNT}) (?:down|dropped|fell|decreased|shrank|shrinking|cut|reduced)', 'shrinking', 'cost[- ]cutting',
          'cut \\d+ ?% of (?:staff|headcount|the team|workforce|employees)', 'let go', 'tightening budgets?',
          'lost (?:a |their )?(?:big |major |key |large )?(?:customer|client)s?', '-\\d+ ?% (?:{HEADCOUNT}|employees)',
          'budget cuts?', 'declining', 'decline', 'struggling', 'bankrupt(?:cy)?', 'insolvency', 'despidos', 'licenciements',
          'entlassungen',
        ],
        typos: ['layofs', 'laidoff', 'lay off', 'downsising', 'restucturing'],
      },
      {
        id: 'notes_turnover',
        label: 'High turnover',
        kind: 'flag',
        patterns: [
          'turnover', 'attrition', 'churn(?:ing)? (?:of )?(?:staff|employees|people|talent)', 'high churn', 'people leaving',
          'losing (?:staff|people|talent|employees)', 'retention (?:issues?|problems?)', 'rotation', 'churn',
          '(?:keep|keeps|are|been) leaving',
        ],
        typos: ['turnvoer', 'turn over', 'attrtion', 'atrition'],
      },
      {
        id: 'notes_new_leader',
        label: 'New leader (VP, Head, Chief)',
        kind: 'flag',
        patterns: [
          'new (?:{LEADER})', 'newly (?:hired|appointed) (?:{LEADER})', 'just hired (?:a|an|their|its) (?:new )?(?:{LEADER})',
          'recently (?:hired|appointed|joined|promoted)', 'joined as (?:{LEADER})', 'appointed (?:a |an |as )?(?:new )?(?:{LEADER})',
          'leadership change', '(?:{LEADER})(?: (?:of )?[\\w&]+){0,3} (?:started|joined|is new|came on board|onboarded)', 'nouveau (?:drh|directeur|vp)', 'nueva? (?:directora?|jefe|vp)', 'neuer? (?:leiter|vp|chef)',
        ],
        typos: ['nwe (?:{LEADER})', 'enw (?:{LEADER})'],
      },
      {
        id: 'notes_new_talent_leader',
        label: 'New talent/people leader (the buyer)',
        kind: 'flag',
        patterns: [
          'new (?:{TALENT_LEADER})', 'newly (?:hired|appointed) (?:{TALENT_LEADER})', 'just hired (?:a|an|their|its) (?:new )?(?:{TALENT_LEADER})',
          'joined as (?:{TALENT_LEADER})', 'appointed (?:a |an |as )?(?:new )?(?:{TALENT_LEADER})',
          '(?:{TALENT_LEADER}) (?:started|joined|is new|came on board|onboarded)', 'nouveau drh', 'nueva? (?:directora?|jefe) de (?:rrhh|personas|talento)',
        ],
        typos: ['nwe (?:{TALENT_LEADER})', 'enw (?:{TALENT_LEADER})'],
      },
      {
        id: 'notes_leader_months_ago',
        label: 'Months since the new leader started',
        kind: 'months_ago',
        contextSignals: ['notes_new_leader'],
        window: 40,
        monthNames: MONTH_NAMES,
        relative: RELATIVE_DATES,
      },
      {
        id: 'notes_acquisition',
        label: 'Acquisition or merger',
        kind: 'flag',
        patterns: ['acquired', 'acquisition', 'acquires', 'merger', 'merged with', 'm&a', 'bought by', 'take[- ]?over'],
        typos: ['aquired', 'aquisition', 'acquistion'],
      },
      {
        id: 'notes_expansion',
        label: 'Expanding to new offices or markets',
        kind: 'flag',
        patterns: [
          'expanding (?:to|into|in)', 'expansion (?:to|into|in)', 'international expansion',
          'opening (?:a )?new (?:office|offices|location|locations|site|sites|stores?|hub)', 'new (?:office|offices|hub|market|markets)',
          'entering (?:the )?\\w+ market', 'launch(?:ing|ed)? in',
        ],
        typos: ['expnading', 'expandng'],
      },
      {
        id: 'notes_evaluating',
        label: 'Evaluating tools (buying intent)',
        kind: 'flag',
        patterns: [
          'evaluating (?:\\w+ )?(?:ats|tools?|vendors?|options|solutions?|alternatives|platforms?|systems?)',
          'looking (?:for|at) (?:an? )?(?:new )?(?:ats|tools?|solution|platform|vendor|alternatives?|system)', 'rfp', 'rfi',
          'demo (?:requested|booked|scheduled)', 'requested (?:a )?demo', 'budget (?:approved|allocated)',
          'switching (?:from|away)', 'shopping (?:for|around)', 'in market', 'vendor selection', 'shortlist(?:ed|ing)?',
          'renewal (?:coming|up|due)', 'contract (?:ends|expires|expiring|up for renewal)', 'replac(?:e|ing) (?:their|its|the) (?:ats|system|tool)',
        ],
        typos: ['evaulating', 'evalutating', 'evaluting'],
      },
      {
        id: 'notes_tool_pain',
        label: 'Pain with current tooling',
        kind: 'flag',
        patterns: [
          'unhappy with', 'frustrated (?:with|by)', 'pain ?points?', 'manual (?:process|processes|work|tracking|screening)',
          'outgrown', 'outgrowing', 'complain(?:s|ed|ing)? about', 'struggl(?:e|es|ing) with', 'spreadsheet hell', 'clunky',
          'too expensive',
        ],
        typos: ['frustated', 'unhapy'],
      },
      {
        id: 'notes_ipo',
        label: 'IPO plans',
        kind: 'flag',
        patterns: ['ipo', 'going public', 'public listing', 'listed on (?:nasdaq|nyse|lse|the \\w+ stock exchange)', 'spac'],
      },
      {
        id: 'notes_remote',
        label: 'Remote-first',
        kind: 'flag',
        patterns: ['remote[- ]first', 'fully remote', 'distributed team', 'remote[- ]only', 'all remote'],
      },
    ],
  },
  contacts: {
    titleRules: [
      {
        class: 'other',
        why: 'interns, students and former staff do not influence a purchase',
        patterns: ['intern', 'internship', 'student', 'working student', 'werkstudent', 'stagiaire', 'trainee', 'apprentice', 'former', 'ex', 'retired'],
      },
      {
        class: 'btl',
        why: 'assistants to executives and "owners" of a product/process are practitioners, despite the executive word',
        patterns: ['(?:executive |personal |administrative )?assistant to', 'executive assistant', 'ea to', '(?:product|process|data|content) owner'],
      },
      {
        class: 'atl',
        why: 'decision makers: C-level, VP, Head of, Director, Founder/Owner/President',
        patterns: [
          'chief', 'c[a-z]o', 'c[a-z]{2}o', 'cxo', 'founder', 'co ?founder', 'cofounder', 'owner', 'proprietor', 'president',
          'chairman', 'chairwoman', 'chair', 'partner and founder', '[saer]?vp', 'evp', 'svp', 'vice ?president', 'vize ?prasident',
          'vicepresident', 'head of', 'head', 'director', 'directors', 'dir', 'directeur', 'directrice', 'directora', 'general manager',
          'managing director', 'geschaftsfuhrer', 'gerente general', 'jefe', 'leiter', 'leiterin', 'drh',
        ],
      },
      {
        class: 'btl',
        why: 'practitioners: managers, recruiters, coordinators, individual contributors',
        patterns: [
          'manager', 'mgr', 'recruiter', 'recruiting', 'recruitment', 'sourcer', 'sourcing', 'coordinator', 'coord', 'specialist',
          'generalist', 'partner', 'hrbp', 'analyst', 'associate', 'assistant', 'administrator', 'admin', 'lead', 'team lead',
          'supervisor', 'officer', 'representative', 'rep', 'engineer', 'developer', 'consultant', 'sr', 'senior', 'jr', 'junior',
          'staff', 'hr', 'talent', 'people', 'payroll', 'accountant', 'designer', 'executive', 'sdr', 'bdr', 'ae', 'responsable',
          'gerente', 'referent', 'sachbearbeiter',
        ],
      },
    ],
    freeMailDomains: [
      'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'yahoo.co.jp', 'yahoo.com.br', 'ymail.com',
      'rocketmail.com', 'hotmail.com', 'hotmail.co.uk', 'hotmail.fr', 'outlook.com', 'live.com', 'msn.com', 'aol.com',
      'icloud.com', 'me.com', 'mac.com', 'proton.me', 'protonmail.com', 'gmx.de', 'gmx.net', 'gmx.com', 'web.de', 't-online.de',
      'mail.ru', 'yandex.ru', 'qq.com', '163.com', '126.com', 'naver.com', 'zoho.com', 'orange.fr', 'free.fr', 'laposte.net',
      'libero.it', 'btinternet.com', 'comcast.net', 'verizon.net', 'att.net', 'rediffmail.com', 'uol.com.br', 'bol.com.br',
    ],
    features: [
      { id: 'contacts_total', label: 'Contacts', kind: 'count', of: 'contactCount' },
      { id: 'contacts_atl', label: 'Decision makers (ATL) contacts', kind: 'count', of: 'atlCount' },
      { id: 'contacts_btl', label: 'Practitioner (BTL) contacts', kind: 'count', of: 'btlCount' },
      { id: 'contacts_other', label: 'Other contacts', kind: 'count', of: 'otherCount' },
      { id: 'contacts_has_atl', label: 'Has a decision maker (ATL) contact', kind: 'flag', of: 'atlCount', min: 1 },
      { id: 'contacts_has_btl', label: 'Has a practitioner (BTL) contact', kind: 'flag', of: 'btlCount', min: 1 },
      { id: 'contacts_atl_share', label: 'Share of contacts who are decision makers', kind: 'ratio', numerator: 'atlCount', denominator: 'contactCount' },
      { id: 'contacts_freemail_share', label: 'Share of contact emails on free-mail domains', kind: 'ratio', numerator: 'freeMailCount', denominator: 'withEmailCount' },
      { id: 'contacts_email_share', label: 'Share of contacts with an email', kind: 'ratio', numerator: 'withEmailCount', denominator: 'contactCount' },
    ],
  },
  derived: [
    { id: 'notes_series_b_plus', label: 'Series B or later raised', kind: 'threshold', source: 'notes_round', min: 'B' },
    { id: 'notes_multi_location', label: 'Hiring in several locations', kind: 'threshold', source: 'notes_hiring_locations', min: 2 },
    { id: 'notes_raised_20m_plus', label: 'Raised $20M or more', kind: 'threshold', source: 'notes_amount', min: 20e6 },
    { id: 'revenue_per_employee', label: 'Revenue per employee', kind: 'ratio', numerator: 'annual_revenue', denominator: 'employees', format: 'usd' },
  ],
};

/** The shipped spec, freshly parsed (defaults filled), so callers may mutate their copy. */
export function defaultFeatureSpec(): FeatureSpec {
  return FeatureSpecSchema.parse(structuredClone(RAW));
}
