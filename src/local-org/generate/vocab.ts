// Vocabularies for plausible B2B records. Weights are rough shares seen in B2B CRMs.

export const REGIONS = ['North America', 'EMEA', 'APAC', 'LATAM'] as const;
export type Region = (typeof REGIONS)[number];
export const REGION_WEIGHTS: readonly (readonly [Region, number])[] = [
  ['North America', 0.5],
  ['EMEA', 0.28],
  ['APAC', 0.14],
  ['LATAM', 0.08],
];

export const SEGMENTS = ['SMB', 'Mid-Market', 'Enterprise'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const ABM_GROUPS = ['Tier 1', 'Tier 2', 'Tier 3'] as const;
export const PERSONAS = ['Talent Acquisition', 'HR Operations', 'Sales Leadership', 'Founder', 'Finance', 'IT'] as const;

/** Salesforce's standard Account.Type picklist. */
export const ACCOUNT_TYPES = [
  'Prospect',
  'Customer - Direct',
  'Customer - Channel',
  'Channel Partner / Reseller',
  'Installation Partner',
  'Technology Partner',
  'Other',
] as const;

/** Salesforce's standard Account.Industry picklist, with a B2B-SaaS-prospect skew and revenue per employee (USD). */
export const INDUSTRIES: readonly (readonly [string, number, number])[] = [
  ['Technology', 22, 260_000],
  ['Consulting', 7, 180_000],
  ['Finance', 6, 420_000],
  ['Healthcare', 7, 140_000],
  ['Manufacturing', 7, 230_000],
  ['Retail', 6, 170_000],
  ['Education', 4, 90_000],
  ['Banking', 3, 450_000],
  ['Insurance', 3, 380_000],
  ['Communications', 3, 300_000],
  ['Telecommunications', 2, 420_000],
  ['Media', 3, 200_000],
  ['Entertainment', 2, 220_000],
  ['Hospitality', 3, 70_000],
  ['Transportation', 3, 210_000],
  ['Construction', 3, 250_000],
  ['Engineering', 3, 200_000],
  ['Biotechnology', 2, 320_000],
  ['Electronics', 2, 310_000],
  ['Energy', 2, 600_000],
  ['Food & Beverage', 2, 190_000],
  ['Government', 1.5, 110_000],
  ['Not For Profit', 1.5, 60_000],
  ['Apparel', 1, 160_000],
  ['Chemicals', 1, 500_000],
  ['Machinery', 1, 260_000],
  ['Recreation', 1, 120_000],
  ['Shipping', 1, 330_000],
  ['Utilities', 0.7, 550_000],
  ['Agriculture', 0.7, 210_000],
  ['Environmental', 0.6, 150_000],
  ['Other', 4, 180_000],
];
export const INDUSTRY_NAMES = INDUSTRIES.map(([n]) => n);

/** Country (as typed in CRMs, with a few variants), share within region, cities, web TLD, legal suffixes. */
export interface Country {
  readonly names: readonly (readonly [string, number])[];
  readonly weight: number;
  readonly cities: readonly string[];
  readonly tld: string;
  readonly legal: readonly string[];
}
export const COUNTRIES: Record<Region, readonly Country[]> = {
  'North America': [
    {
      names: [['United States', 0.85], ['USA', 0.1], ['US', 0.05]],
      weight: 88,
      cities: ['New York', 'San Francisco', 'Austin', 'Chicago', 'Boston', 'Seattle', 'Denver', 'Atlanta', 'Los Angeles', 'Miami', 'Raleigh', 'Dallas', 'Salt Lake City', 'Nashville', 'Philadelphia'],
      tld: '.com',
      legal: ['Inc.', 'Inc', 'LLC', 'Corp.', '', '', ''],
    },
    {
      names: [['Canada', 1]],
      weight: 12,
      cities: ['Toronto', 'Montréal', 'Vancouver', 'Ottawa', 'Calgary', 'Waterloo'],
      tld: '.ca',
      legal: ['Inc.', 'Ltd.', ''],
    },
  ],
  EMEA: [
    { names: [['United Kingdom', 0.8], ['UK', 0.2]], weight: 30, cities: ['London', 'Manchester', 'Edinburgh', 'Bristol', 'Leeds', 'Cambridge'], tld: '.co.uk', legal: ['Ltd', 'Limited', 'plc', ''] },
    { names: [['Germany', 0.9], ['Deutschland', 0.1]], weight: 17, cities: ['Berlin', 'München', 'Hamburg', 'Köln', 'Frankfurt am Main', 'Düsseldorf'], tld: '.de', legal: ['GmbH', 'AG', 'GmbH & Co. KG', ''] },
    { names: [['France', 1]], weight: 12, cities: ['Paris', 'Lyon', 'Toulouse', 'Nantes', 'Lille'], tld: '.fr', legal: ['SAS', 'SA', 'Société Anonyme', ''] },
    { names: [['Netherlands', 1]], weight: 7, cities: ['Amsterdam', 'Rotterdam', 'Utrecht', 'Eindhoven'], tld: '.nl', legal: ['B.V.', ''] },
    { names: [['Ireland', 1]], weight: 5, cities: ['Dublin', 'Cork', 'Galway'], tld: '.ie', legal: ['Ltd', 'DAC', ''] },
    { names: [['Spain', 1]], weight: 6, cities: ['Madrid', 'Barcelona', 'Málaga', 'Valencia'], tld: '.es', legal: ['S.L.', 'S.A.', ''] },
    { names: [['Sweden', 1]], weight: 4, cities: ['Stockholm', 'Göteborg', 'Malmö'], tld: '.se', legal: ['AB', ''] },
    { names: [['Switzerland', 1]], weight: 3, cities: ['Zürich', 'Genève', 'Basel', 'Lausanne'], tld: '.ch', legal: ['AG', 'SA', 'GmbH'] },
    { names: [['Poland', 1]], weight: 3, cities: ['Warszawa', 'Kraków', 'Wrocław'], tld: '.pl', legal: ['sp. z o.o.', 'S.A.'] },
    { names: [['Israel', 1]], weight: 3, cities: ['Tel Aviv', 'Herzliya', 'Jerusalem'], tld: '.co.il', legal: ['Ltd.', ''] },
    { names: [['United Arab Emirates', 0.7], ['UAE', 0.3]], weight: 3, cities: ['Dubai', 'Abu Dhabi'], tld: '.ae', legal: ['FZ-LLC', 'LLC', ''] },
    { names: [['South Africa', 1]], weight: 2, cities: ['Cape Town', 'Johannesburg', 'Durban'], tld: '.co.za', legal: ['(Pty) Ltd', ''] },
    { names: [['Denmark', 1]], weight: 2, cities: ['København', 'Aarhus'], tld: '.dk', legal: ['ApS', 'A/S'] },
    { names: [['Italy', 1]], weight: 3, cities: ['Milano', 'Roma', 'Torino', 'Bologna'], tld: '.it', legal: ['S.r.l.', 'S.p.A.'] },
  ],
  APAC: [
    { names: [['Australia', 1]], weight: 28, cities: ['Sydney', 'Melbourne', 'Brisbane', 'Perth', 'Adelaide'], tld: '.com.au', legal: ['Pty Ltd', ''] },
    { names: [['Japan', 1]], weight: 16, cities: ['Tokyo', 'Osaka', '東京', 'Fukuoka', 'Yokohama'], tld: '.co.jp', legal: ['K.K.', 'Co., Ltd.', '株式会社'] },
    { names: [['Singapore', 1]], weight: 16, cities: ['Singapore'], tld: '.sg', legal: ['Pte. Ltd.', ''] },
    { names: [['India', 1]], weight: 22, cities: ['Bengaluru', 'Bangalore', 'Mumbai', 'Pune', 'Hyderabad', 'Gurugram', 'Chennai'], tld: '.in', legal: ['Pvt. Ltd.', 'Private Limited', ''] },
    { names: [['New Zealand', 1]], weight: 6, cities: ['Auckland', 'Wellington', 'Christchurch'], tld: '.co.nz', legal: ['Ltd', ''] },
    { names: [['South Korea', 0.7], ['Korea, Republic of', 0.3]], weight: 6, cities: ['Seoul', 'Busan', 'Pangyo'], tld: '.co.kr', legal: ['Co., Ltd.', ''] },
    { names: [['Hong Kong', 1]], weight: 6, cities: ['Hong Kong', 'Kowloon'], tld: '.com.hk', legal: ['Limited', ''] },
  ],
  LATAM: [
    { names: [['Brazil', 0.85], ['Brasil', 0.15]], weight: 40, cities: ['São Paulo', 'Rio de Janeiro', 'Belo Horizonte', 'Curitiba', 'Florianópolis', 'Porto Alegre'], tld: '.com.br', legal: ['Ltda.', 'S.A.', ''] },
    { names: [['Mexico', 0.8], ['México', 0.2]], weight: 25, cities: ['Ciudad de México', 'CDMX', 'Monterrey', 'Guadalajara'], tld: '.com.mx', legal: ['S.A. de C.V.', ''] },
    { names: [['Argentina', 1]], weight: 12, cities: ['Buenos Aires', 'Córdoba', 'Rosario'], tld: '.com.ar', legal: ['S.R.L.', 'S.A.'] },
    { names: [['Colombia', 1]], weight: 12, cities: ['Bogotá', 'Medellín', 'Cali'], tld: '.com.co', legal: ['S.A.S.', ''] },
    { names: [['Chile', 1]], weight: 11, cities: ['Santiago', 'Valparaíso'], tld: '.cl', legal: ['SpA', 'S.A.'] },
  ],
};

/** Company-name building blocks. */
export const NAME_ROOTS = [
  'North', 'Blue', 'Bright', 'Silver', 'Iron', 'Cedar', 'Summit', 'Harbor', 'Pioneer', 'Quantum', 'Vertex', 'Nimbus', 'Atlas',
  'Orbit', 'Lumen', 'Falcon', 'Maple', 'Granite', 'Copper', 'Redwood', 'Beacon', 'Crest', 'Evergreen', 'Horizon', 'Keystone',
  'Meridian', 'Nova', 'Oak', 'Pinnacle', 'River', 'Sage', 'Stellar', 'Terra', 'Unity', 'Vista', 'Willow', 'Zenith', 'Apex',
  'Arc', 'Aurora', 'Bold', 'Cobalt', 'Delta', 'Ember', 'Fjord', 'Gale', 'Halo', 'Indigo', 'Juniper', 'Kite', 'Lark', 'Mosaic',
  'Nexus', 'Onyx', 'Prism', 'Quill', 'Radiant', 'Sierra', 'Tidal', 'Umbra', 'Vector', 'Wren', 'Yonder', 'Zephyr', 'Acme',
  'Brick', 'Clover', 'Drift', 'Echo', 'Flux', 'Grove', 'Hive', 'Ivy', 'Jade', 'Kinetic', 'Loop', 'Mint', 'Noble', 'Opal',
  'Pulse', 'Quartz', 'Rally', 'Spark', 'True', 'Upland', 'Valor', 'Wave', 'Xeno', 'Yield', 'Zest', 'Blackstone', 'Greenfield',
  'Kestrel', 'Lighthouse', 'Magnolia', 'Northwind', 'Riverside', 'Saltwater', 'Thistle', 'Westbrook', 'Ashford', 'Bramble',
];
export const NAME_TAILS = [
  'Labs', 'Systems', 'Health', 'Logistics', 'Analytics', 'Software', 'Solutions', 'Group', 'Partners', 'Technologies', 'Tech',
  'Works', 'Digital', 'Capital', 'Foods', 'Energy', 'Robotics', 'Bio', 'Networks', 'Media', 'Studio', 'Holdings', 'Industries',
  'Consulting', 'Retail', 'Motors', 'Pharma', 'Learning', 'Security', 'Cloud', 'AI', 'Data', 'Payments', 'Insurance', 'HQ',
  'Hospitality', 'Construction', 'Engineering', 'Ventures', 'Commerce',
];
export const NAME_JOINERS = ['', '', '', 'ly', 'io', 'ify', 'wise', 'stack', 'hub', 'base', 'path', 'point', 'bridge', 'field', 'gate'];

export const FIRST_NAMES = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Chris', 'Karen', 'Daniel', 'Lisa', 'Matthew', 'Nancy', 'Anthony',
  'Emily', 'Mark', 'Ashley', 'Steven', 'Megan', 'Andrew', 'Rachel', 'Kevin', 'Laura', 'Brian', 'Amanda', 'Priya', 'Rahul',
  'Ananya', 'Arjun', 'Wei', 'Li', 'Hiroshi', 'Yuki', 'Min-jun', 'Ji-woo', 'José', 'María', 'João', 'Ana', 'Luis', 'Camila',
  'François', 'Amélie', 'Søren', 'Zoë', 'Björn', 'Chloé', 'Jürgen', 'Małgorzata', 'Olusegun', 'Aisha', 'Mohammed', 'Fatima',
  'Noa', 'Yael', 'Siobhán', 'Seán', 'Liam', 'Olivia', 'Noah', 'Emma', 'Lucas', 'Sofia', 'Mateo', 'Isabella', 'Ethan', 'Mia',
  'Aarav', 'Diya', 'Kenji', 'Sakura', 'Dmitri', 'Olga', 'Ivan', 'Tatiana', 'Kwame', 'Ngozi', 'Tomás', 'Inês', 'Pedro', 'Lucía',
  'Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Jamie', 'Riley', 'Avery', 'Quinn',
];
export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez',
  'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White',
  'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Nguyen',
  'Patel', 'Sharma', 'Singh', 'Kumar', 'Chen', 'Wang', 'Zhang', 'Liu', 'Tanaka', 'Suzuki', 'Sato', 'Kim', 'Park', 'Choi',
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Dubois', 'Lefèvre', 'Moreau', 'García', 'Fernández', 'Silva', 'Santos',
  'Oliveira', 'Souza', 'Costa', 'Rossi', 'Russo', 'Kowalski', 'Nowak', 'Jensen', 'Nielsen', 'Andersson', 'Johansson',
  "O'Brien", "O'Connor", 'McCarthy', 'Murphy', 'Kelly', 'Cohen', 'Levi', 'Okafor', 'Adeyemi', 'Mensah', 'Ivanov', 'Petrov',
  'Smirnova', 'van der Berg', 'de Vries', 'Van Dijk', 'Al-Sayed', 'Haddad', 'Khan', 'Ali', 'Ahmed', 'Nakamura', 'Yamamoto',
  'Da Silva', 'Pereira', 'Carvalho', 'Gómez', 'Díaz', 'Ruiz', 'Torres', 'Núñez', 'Baker', 'Hall', 'Green', 'Adams', 'Nelson',
];
/** Some APAC contacts are typed in native script; the email uses the romanised form. */
export const NATIVE_NAMES: readonly (readonly [string, string, string, string])[] = [
  ['太郎', '山田', 'taro', 'yamada'],
  ['花子', '佐藤', 'hanako', 'sato'],
  ['健', '鈴木', 'ken', 'suzuki'],
  ['美咲', '高橋', 'misaki', 'takahashi'],
  ['민준', '김', 'minjun', 'kim'],
  ['伟', '王', 'wei', 'wang'],
];

export const FREE_MAIL = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'aol.com', 'proton.me', 'gmx.de', 'yahoo.co.uk', 'live.com'];

/** Contact titles by seniority band. `atl` = above the line for an HR-tech buyer (directors included: in B2B they usually own or sway the purchase). */
export interface TitleBand {
  readonly band: 'c' | 'vp' | 'head' | 'dir' | 'mgr' | 'ic' | 'intern' | 'other' | 'blank';
  readonly atl: boolean;
  readonly titles: readonly string[];
}
export const TITLE_BANDS: readonly TitleBand[] = [
  { band: 'c', atl: true, titles: ['CEO', 'Chief Executive Officer', 'Chief People Officer', 'CHRO', 'CFO', 'COO', 'CTO', 'Chief Revenue Officer', 'Co-Founder & CEO', 'Founder', 'Owner', 'President', 'Managing Director', 'Founder/CEO'] },
  { band: 'vp', atl: true, titles: ['VP, Talent', 'VP Talent Acquisition', 'VP of People', 'SVP Human Resources', 'VP HR', 'VP Sales', 'VP Engineering', 'VP Finance', 'Vice President, People & Culture', 'SVP, Global Talent'] },
  { band: 'head', atl: true, titles: ['Head of Recruiting', 'Head of Talent', 'Head of People', 'Head of TA', 'Head of HR', 'Head of Sales', 'Head of People Ops'] },
  { band: 'dir', atl: true, titles: ['Director of HR', 'Dir. Talent Acquisition', 'Director, Recruiting', 'Sr. Director People Operations', 'HR Director', 'Director of Sales', 'Director of Engineering', 'Director, Finance'] },
  { band: 'mgr', atl: false, titles: ['Sr. Manager', 'Talent Acquisition Manager', 'Recruiting Manager', 'HR Manager', 'People Ops Manager', 'Sales Manager', 'Office Manager', 'Engineering Manager', 'HRBP'] },
  { band: 'ic', atl: false, titles: ['Recruiter', 'Senior Recruiter', 'Technical Recruiter', 'Sourcer', 'Talent Coordinator', 'HR Generalist', 'Recruiting Coordinator', 'People Partner', 'Account Executive', 'SDR', 'Software Engineer', 'Sr Software Engineer', 'Data Analyst', 'Accountant', 'Marketing Specialist', 'Customer Success Manager'] },
  { band: 'intern', atl: false, titles: ['Intern', 'HR Intern', 'Recruiting Intern', 'Working Student'] },
  { band: 'other', atl: false, titles: ['Consultant', 'Advisor', 'Board Member', 'Assistant', 'Executive Assistant', 'Contractor', 'n/a', '-', 'recruiter', 'hr', 'CEO & Founder 🚀'] },
  { band: 'blank', atl: false, titles: [''] },
];

/** Current ATS/HR tool, as typed by researchers: canonical tool -> variants. */
export type TechKind = 'greenhouse' | 'lever' | 'workday' | 'bamboo' | 'spreadsheets' | 'none' | 'enterpriseAts' | 'smbAts';
export const TECH_VARIANTS: Record<TechKind, readonly string[]> = {
  greenhouse: ['Greenhouse', 'Greenhouse', 'greenhouse.io', 'Greenhouse ATS', 'GreenHouse', 'greenhouse', 'Greenhous'],
  lever: ['Lever', 'Lever', 'lever.co', 'Lever ATS', 'LEVER', 'Lever (LinkedIn integ.)'],
  workday: ['Workday', 'Workday Recruiting', 'Workday Recruiting', 'workday', 'Workday HCM', 'WorkDay'],
  bamboo: ['BambooHR', 'BambooHR', 'Bamboo HR', 'bamboohr', 'Bamboo'],
  spreadsheets: ['spreadsheets', 'Excel', 'Google Sheets', 'excel + email', 'spreadsheet', 'Spreadsheets / email', 'xls'],
  none: ['none', 'N/A', 'no ATS', 'nothing'],
  enterpriseAts: ['iCIMS', 'Taleo', 'SAP SuccessFactors', 'SuccessFactors', 'Oracle Taleo', 'Jobvite', 'Avature', 'Cornerstone'],
  smbAts: ['Workable', 'JazzHR', 'Ashby', 'SmartRecruiters', 'Personio', 'Recruitee', 'Teamtailor', 'HiBob', 'Zoho Recruit', 'BreezyHR'],
};

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const INVESTORS = ['Sequoia', 'Accel', 'a16z', 'Tiger', 'Index', 'Insight', 'Bessemer', 'Balderton', 'General Catalyst', 'Lightspeed', 'SoftBank', 'Kaszek', 'Atomico', 'Y Combinator', 'Khosla', 'Greylock', 'Northzone', 'Point Nine', 'Accel-KKR', 'Blackstone Growth'];
export const HIRING_ROLES = ['SDRs', 'AEs', 'engineers', 'recruiters', 'nurses', 'sales reps', 'CSMs', 'drivers', 'store staff', 'data scientists', 'devs', 'BDRs', 'warehouse staff', 'consultants'];
export const LEADER_ROLES: readonly (readonly [string, boolean])[] = [
  // [role as written, is a talent/people leader (the buyer)]
  ['VP Talent', true], ['CHRO', true], ['Head of People', true], ['Chief People Officer', true], ['VP People', true],
  ['Head of Talent Acquisition', true], ['Head of TA', true], ['VP of Recruiting', true], ['CRO', false], ['VP Sales', false],
  ['CFO', false], ['CEO', false], ['COO', false], ['CTO', false],
];
