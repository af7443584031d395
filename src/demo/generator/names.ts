/** Static word lists for the synthetic organisation. All people and companies are fictional. */

export const FIRST_NAMES = [
  'Ada', 'Alan', 'Amara', 'Anika', 'Arjun', 'Astrid', 'Ayesha', 'Bea', 'Bilal', 'Bruno', 'Camila', 'Carlos',
  'Chen', 'Chloe', 'Dara', 'Daniel', 'Deepa', 'Diego', 'Elena', 'Elif', 'Emeka', 'Emma', 'Esther', 'Farah',
  'Felix', 'Fatima', 'Gabriel', 'Grace', 'Hana', 'Hassan', 'Helena', 'Hiro', 'Ibrahim', 'Ines', 'Ingrid',
  'Isaac', 'Ivan', 'Jade', 'Jamal', 'Javier', 'Jin', 'Joao', 'Jonas', 'Julia', 'Kai', 'Kamala', 'Karim',
  'Kenji', 'Kofi', 'Lars', 'Layla', 'Leila', 'Leo', 'Lin', 'Lucia', 'Luca', 'Maya', 'Mateo', 'Mei', 'Mina',
  'Mohammed', 'Nadia', 'Naveen', 'Nia', 'Nikolai', 'Noah', 'Nora', 'Olga', 'Omar', 'Oscar', 'Paula', 'Pedro',
  'Priya', 'Quinn', 'Rafael', 'Rania', 'Ravi', 'Rosa', 'Ruth', 'Sakura', 'Samir', 'Sara', 'Sebastian', 'Selin',
  'Sofia', 'Sven', 'Tariq', 'Tomas', 'Uma', 'Valentina', 'Viktor', 'Wei', 'Xavier', 'Yara', 'Yusuf', 'Zara',
  'Zoe', 'Amir', 'Beatriz', 'Cyrus', 'Dmitri', 'Eun', 'Femi', 'Gustav', 'Haruto', 'Ioana', 'Jasper', 'Kemal',
  'Lena', 'Marek', 'Nkechi', 'Orla', 'Pavel', 'Rohan', 'Signe', 'Thabo', 'Ulrich', 'Vera', 'Wanjiru', 'Yosef',
] as const;

export const LAST_NAMES = [
  'Abara', 'Adeyemi', 'Alvarez', 'Andersen', 'Bauer', 'Becker', 'Bianchi', 'Bose', 'Brennan', 'Castro',
  'Chandra', 'Chen', 'Costa', 'Dahl', 'Das', 'Dubois', 'Eriksen', 'Esposito', 'Farouk', 'Fernandes', 'Fischer',
  'Fujita', 'Garcia', 'Gupta', 'Haddad', 'Hansen', 'Hoffmann', 'Horvat', 'Ibrahim', 'Ito', 'Ivanova', 'Jensen',
  'Jovanovic', 'Kaur', 'Kim', 'Kowalski', 'Kumar', 'Laine', 'Larsen', 'Lee', 'Lindqvist', 'Lopez', 'Mahmoud',
  'Marin', 'Martins', 'Mehta', 'Meyer', 'Moreau', 'Mueller', 'Murphy', 'Nakamura', 'Navarro', 'Nguyen',
  'Nielsen', 'Novak', 'Nwosu', 'Obi', 'Okafor', 'Olsen', 'Ortiz', 'Park', 'Patel', 'Pereira', 'Petrov',
  'Popescu', 'Quinn', 'Rahman', 'Ramos', 'Rao', 'Reyes', 'Rossi', 'Sato', 'Schmidt', 'Schulz', 'Sharma',
  'Silva', 'Singh', 'Sokolov', 'Suzuki', 'Tanaka', 'Taylor', 'Torres', 'Tran', 'Ueda', 'Varga', 'Vasquez',
  'Vogel', 'Wagner', 'Walsh', 'Wang', 'Weber', 'Wong', 'Yamamoto', 'Yilmaz', 'Yusuf', 'Zhang', 'Zielinski',
  'Achterberg', 'Banerjee', 'Carvalho', 'Demir', 'Eklund', 'Fofana', 'Grieg', 'Halvorsen', 'Iyer', 'Juarez',
  'Keller', 'Lindgren', 'Mwangi', 'Nordin', 'Oyelaran', 'Pham', 'Rasku', 'Sandoval', 'Takahashi', 'Uddin',
] as const;

export interface BusinessUnitDef {
  readonly name: string;
  readonly weight: number;
  readonly teams: readonly string[];
  readonly services: readonly string[];
}

export const BUSINESS_UNITS: readonly BusinessUnitDef[] = [
  {
    name: 'Payments',
    weight: 0.24,
    teams: ['Checkout', 'Billing', 'Fraud'],
    services: ['checkout-api', 'payment-gateway', 'billing-service', 'invoice-worker', 'fraud-scoring', 'ledger'],
  },
  {
    name: 'Platform',
    weight: 0.28,
    teams: ['Infrastructure', 'Developer Experience', 'Observability', 'Identity'],
    services: ['api-gateway', 'auth-service', 'k8s-platform', 'service-mesh', 'ci-runners', 'feature-flags', 'logging-pipeline'],
  },
  {
    name: 'Growth',
    weight: 0.18,
    teams: ['Onboarding', 'Lifecycle', 'Experiments'],
    services: ['signup-web', 'onboarding-service', 'email-sender', 'experiments-api', 'referral-service'],
  },
  {
    name: 'Data',
    weight: 0.16,
    teams: ['Data Platform', 'Analytics Engineering', 'Machine Learning'],
    services: ['event-ingest', 'data-warehouse', 'etl-scheduler', 'ml-serving', 'recommendations'],
  },
  {
    name: 'Mobile',
    weight: 0.14,
    teams: ['iOS', 'Android', 'Mobile Platform'],
    services: ['ios-app', 'android-app', 'mobile-bff', 'push-notifications'],
  },
];

export const INCIDENT_SYMPTOMS = [
  'latency spike', 'elevated 5xx errors', 'degraded performance', 'partial outage', 'full outage',
  'queue backlog', 'failed deployments', 'certificate expiry', 'database connection exhaustion', 'memory leak',
  'data delay', 'login failures', 'payment failures', 'stale cache', 'DNS resolution errors', 'disk pressure',
  'timeouts to upstream', 'error budget burn', 'dropped webhooks', 'high CPU',
] as const;

export const SUMMARY_SENTENCES = [
  'Customers saw errors for a subset of requests.',
  'A recent deploy introduced a regression; it was rolled back.',
  'An upstream provider degraded and retries amplified the load.',
  'A configuration change exhausted the connection pool.',
  'Alerting fired late because the dashboard query was wrong.',
  'Autoscaling lagged behind a traffic spike.',
  'A certificate expired on an internal endpoint.',
  'A batch job held locks longer than expected.',
] as const;

export const LANGUAGES = ['typescript', 'python', 'go', 'java', 'kotlin', 'swift', 'sql', 'ruby', 'rust', 'terraform'] as const;
export const IDES = ['vscode', 'jetbrains', 'neovim', 'visualstudio', 'xcode'] as const;
