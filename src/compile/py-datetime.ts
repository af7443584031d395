/**
 * A small subset of Python's `datetime` module for templates (`modules.datetime`, `run_started_at`):
 * `datetime.datetime.now()/utcnow()/fromisoformat()`, `datetime.date.today()`, `timedelta`, `strftime`,
 * `isoformat`, and `+`/`-` between datetimes and timedeltas (the template runtime routes `+`/`-` to
 * `__add__`/`__sub__`).
 */

const MICROS_PER_MS = 1000;
const MICROS_PER_SECOND = 1_000_000;
const MICROS_PER_DAY = 86_400 * MICROS_PER_SECOND;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function kw(args: unknown[]): Record<string, unknown> {
  const last = args[args.length - 1];
  if (last && typeof last === 'object' && Object.prototype.hasOwnProperty.call(last, '__keywords')) {
    args.pop();
    return last as Record<string, unknown>;
  }
  return {};
}

export class PyTimedelta {
  /** Whole duration in microseconds. */
  readonly micros: number;

  constructor(micros: number) {
    this.micros = Math.round(micros);
  }

  static create(...args: unknown[]): PyTimedelta {
    const k = kw(args);
    const [days = 0, seconds = 0, microseconds = 0, milliseconds = 0, minutes = 0, hours = 0, weeks = 0] = args.map(Number);
    const get = (name: string, pos: number): number => (k[name] === undefined ? pos : Number(k[name]));
    const total =
      get('days', days) * MICROS_PER_DAY +
      get('seconds', seconds) * MICROS_PER_SECOND +
      get('microseconds', microseconds) +
      get('milliseconds', milliseconds) * MICROS_PER_MS +
      get('minutes', minutes) * 60 * MICROS_PER_SECOND +
      get('hours', hours) * 3600 * MICROS_PER_SECOND +
      get('weeks', weeks) * 7 * MICROS_PER_DAY;
    return new PyTimedelta(total);
  }

  get days(): number {
    return Math.floor(this.micros / MICROS_PER_DAY);
  }
  get seconds(): number {
    return Math.floor((this.micros - this.days * MICROS_PER_DAY) / MICROS_PER_SECOND);
  }
  get microseconds(): number {
    return this.micros - this.days * MICROS_PER_DAY - this.seconds * MICROS_PER_SECOND;
  }
  total_seconds(): number {
    return this.micros / MICROS_PER_SECOND;
  }
  __add__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyTimedelta(this.micros + other.micros);
    if (other instanceof PyDateTime || other instanceof PyDate) return other.__add__(this);
    throw new TypeError('unsupported operand type(s) for +: timedelta');
  }
  __sub__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyTimedelta(this.micros - other.micros);
    throw new TypeError('unsupported operand type(s) for -: timedelta');
  }
  valueOf(): number {
    return this.micros;
  }
  __str__(): string {
    const d = this.days;
    const rest = this.micros - d * MICROS_PER_DAY;
    const h = Math.floor(rest / (3600 * MICROS_PER_SECOND));
    const m = Math.floor((rest % (3600 * MICROS_PER_SECOND)) / (60 * MICROS_PER_SECOND));
    const s = Math.floor((rest % (60 * MICROS_PER_SECOND)) / MICROS_PER_SECOND);
    const us = rest % MICROS_PER_SECOND;
    const clock = `${h}:${pad(m)}:${pad(s)}${us ? '.' + pad(us, 6) : ''}`;
    return d === 0 ? clock : `${d} day${Math.abs(d) === 1 ? '' : 's'}, ${clock}`;
  }
  toString(): string {
    return this.__str__();
  }
}

/** A UTC-offset timezone; only UTC is exposed (`datetime.timezone.utc`, `pytz.utc`). */
export class PyTimezone {
  constructor(readonly name: string, readonly offsetMinutes: number) {}
  utcoffset(): PyTimedelta {
    return new PyTimedelta(this.offsetMinutes * 60 * MICROS_PER_SECOND);
  }
  __str__(): string {
    return this.name;
  }
}

export const UTC = new PyTimezone('UTC', 0);

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
}

function partsFromEpochMicros(micros: number): Parts {
  const ms = Math.floor(micros / MICROS_PER_MS);
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    microsecond: micros - Math.floor(micros / MICROS_PER_SECOND) * MICROS_PER_SECOND,
  };
}

function epochMicros(p: Parts): number {
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) * MICROS_PER_MS + p.microsecond;
}

function strftime(p: Parts, tz: PyTimezone | null, fmt: string): string {
  const weekday = (new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7;
  const dayOfYear = Math.floor((Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86_400_000) + 1;
  return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => {
    switch (c) {
      case 'Y': return String(p.year);
      case 'y': return pad(p.year % 100);
      case 'm': return pad(p.month);
      case 'd': return pad(p.day);
      case 'e': return String(p.day).padStart(2, ' ');
      case 'H': return pad(p.hour);
      case 'I': return pad(((p.hour + 11) % 12) + 1);
      case 'p': return p.hour < 12 ? 'AM' : 'PM';
      case 'M': return pad(p.minute);
      case 'S': return pad(p.second);
      case 'f': return pad(p.microsecond, 6);
      case 'j': return pad(dayOfYear, 3);
      case 'b': return MONTHS[p.month - 1]!.slice(0, 3);
      case 'B': return MONTHS[p.month - 1]!;
      case 'a': return DAYS[weekday]!.slice(0, 3);
      case 'A': return DAYS[weekday]!;
      case 'w': return String((weekday + 1) % 7);
      case 'u': return String(weekday + 1);
      case 'z': return tz ? formatOffset(tz.offsetMinutes, '') : '';
      case 'Z': return tz ? tz.name : '';
      case 'F': return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
      case 'T': return `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
      case '%': return '%';
      default: return m;
    }
  });
}

function formatOffset(minutes: number, sep: string): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${sep}${pad(abs % 60)}`;
}

export class PyDate {
  constructor(readonly year: number, readonly month: number, readonly day: number) {}

  static today(): PyDate {
    const d = new Date();
    return new PyDate(d.getFullYear(), d.getMonth() + 1, d.getDate());
  }
  static fromisoformat(s: string): PyDate {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(s));
    if (!m) throw new Error(`ValueError: Invalid isoformat string: '${s}'`);
    return new PyDate(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  private parts(): Parts {
    return { year: this.year, month: this.month, day: this.day, hour: 0, minute: 0, second: 0, microsecond: 0 };
  }
  isoformat(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }
  strftime(fmt: string): string {
    return strftime(this.parts(), null, String(fmt));
  }
  weekday(): number {
    return (new Date(Date.UTC(this.year, this.month - 1, this.day)).getUTCDay() + 6) % 7;
  }
  isoweekday(): number {
    return this.weekday() + 1;
  }
  replace(...args: unknown[]): PyDate {
    const k = kw(args);
    return new PyDate(Number(k['year'] ?? this.year), Number(k['month'] ?? this.month), Number(k['day'] ?? this.day));
  }
  __add__(other: unknown): PyDate {
    if (!(other instanceof PyTimedelta)) throw new TypeError('unsupported operand type(s) for +: date');
    const p = partsFromEpochMicros(epochMicros(this.parts()) + Math.floor(other.micros / MICROS_PER_DAY) * MICROS_PER_DAY);
    return new PyDate(p.year, p.month, p.day);
  }
  __radd__(other: unknown): PyDate {
    return this.__add__(other);
  }
  __sub__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return this.__add__(new PyTimedelta(-other.micros));
    if (other instanceof PyDate) return new PyTimedelta(epochMicros(this.parts()) - epochMicros(other.parts()));
    throw new TypeError('unsupported operand type(s) for -: date');
  }
  valueOf(): number {
    return epochMicros(this.parts());
  }
  __str__(): string {
    return this.isoformat();
  }
  toString(): string {
    return this.__str__();
  }
}

export class PyDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
  readonly tzinfo: PyTimezone | null;

  constructor(p: Parts, tzinfo: PyTimezone | null) {
    this.year = p.year;
    this.month = p.month;
    this.day = p.day;
    this.hour = p.hour;
    this.minute = p.minute;
    this.second = p.second;
    this.microsecond = p.microsecond;
    this.tzinfo = tzinfo;
  }

  /** `datetime.datetime(2024, 1, 31, 12, 0, 0)`. */
  static create(...args: unknown[]): PyDateTime {
    const k = kw(args);
    const [year, month, day, hour = 0, minute = 0, second = 0, microsecond = 0] = args.map(Number);
    const tz = k['tzinfo'] instanceof PyTimezone ? (k['tzinfo'] as PyTimezone) : null;
    return new PyDateTime(
      {
        year: Number(k['year'] ?? year),
        month: Number(k['month'] ?? month),
        day: Number(k['day'] ?? day),
        hour: Number(k['hour'] ?? hour),
        minute: Number(k['minute'] ?? minute),
        second: Number(k['second'] ?? second),
        microsecond: Number(k['microsecond'] ?? microsecond),
      },
      tz,
    );
  }
  static fromDate(d: Date, tz: PyTimezone | null): PyDateTime {
    return new PyDateTime(partsFromEpochMicros(d.getTime() * MICROS_PER_MS), tz);
  }
  /** Naive local time, or aware when a timezone is passed. */
  static now(tz?: unknown): PyDateTime {
    const d = new Date();
    if (tz instanceof PyTimezone) return new PyDateTime(partsFromEpochMicros((d.getTime() + tz.offsetMinutes * 60_000) * MICROS_PER_MS), tz);
    return new PyDateTime(
      {
        year: d.getFullYear(),
        month: d.getMonth() + 1,
        day: d.getDate(),
        hour: d.getHours(),
        minute: d.getMinutes(),
        second: d.getSeconds(),
        microsecond: d.getMilliseconds() * MICROS_PER_MS,
      },
      null,
    );
  }
  static utcnow(): PyDateTime {
    return PyDateTime.fromDate(new Date(), null);
  }
  static fromisoformat(s: string): PyDateTime {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(String(s));
    if (!m) throw new Error(`ValueError: Invalid isoformat string: '${s}'`);
    let tz: PyTimezone | null = null;
    if (m[8]) {
      if (m[8] === 'Z') tz = UTC;
      else {
        const sign = m[8][0] === '-' ? -1 : 1;
        const digits = m[8].slice(1).replace(':', '');
        const minutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
        tz = minutes === 0 ? UTC : new PyTimezone(`UTC${formatOffset(minutes, ':')}`, minutes);
      }
    }
    return new PyDateTime(
      {
        year: Number(m[1]),
        month: Number(m[2]),
        day: Number(m[3]),
        hour: Number(m[4] ?? 0),
        minute: Number(m[5] ?? 0),
        second: Number(m[6] ?? 0),
        microsecond: m[7] ? Number(m[7].padEnd(6, '0')) : 0,
      },
      tz,
    );
  }

  private parts(): Parts {
    return this;
  }
  date(): PyDate {
    return new PyDate(this.year, this.month, this.day);
  }
  isoformat(sep: unknown = 'T'): string {
    const base = `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}${String(sep)}${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}`;
    return base + (this.microsecond ? '.' + pad(this.microsecond, 6) : '') + (this.tzinfo ? formatOffset(this.tzinfo.offsetMinutes, ':') : '');
  }
  strftime(fmt: string): string {
    return strftime(this, this.tzinfo, String(fmt));
  }
  timestamp(): number {
    const offset = this.tzinfo ? this.tzinfo.offsetMinutes * 60 * MICROS_PER_SECOND : 0;
    return (epochMicros(this) - offset) / MICROS_PER_SECOND;
  }
  weekday(): number {
    return this.date().weekday();
  }
  isoweekday(): number {
    return this.date().isoweekday();
  }
  astimezone(tz?: unknown): PyDateTime {
    const target = tz instanceof PyTimezone ? tz : UTC;
    const fromOffset = this.tzinfo ? this.tzinfo.offsetMinutes : -new Date().getTimezoneOffset();
    const micros = epochMicros(this) + (target.offsetMinutes - fromOffset) * 60 * MICROS_PER_SECOND;
    return new PyDateTime(partsFromEpochMicros(micros), target);
  }
  replace(...args: unknown[]): PyDateTime {
    const k = kw(args);
    const num = (name: keyof Parts): number => Number(k[name] ?? this[name]);
    const tz = Object.prototype.hasOwnProperty.call(k, 'tzinfo') ? ((k['tzinfo'] as PyTimezone | null) ?? null) : this.tzinfo;
    return new PyDateTime(
      { year: num('year'), month: num('month'), day: num('day'), hour: num('hour'), minute: num('minute'), second: num('second'), microsecond: num('microsecond') },
      tz,
    );
  }
  __add__(other: unknown): PyDateTime {
    if (!(other instanceof PyTimedelta)) throw new TypeError('unsupported operand type(s) for +: datetime');
    return new PyDateTime(partsFromEpochMicros(epochMicros(this) + other.micros), this.tzinfo);
  }
  __radd__(other: unknown): PyDateTime {
    return this.__add__(other);
  }
  __sub__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyDateTime(partsFromEpochMicros(epochMicros(this) - other.micros), this.tzinfo);
    if (other instanceof PyDateTime) return new PyTimedelta(this.valueOf() - other.valueOf());
    throw new TypeError('unsupported operand type(s) for -: datetime');
  }
  /** Microseconds since the epoch (aware values normalised to UTC), so `<` and `>` compare instants. */
  valueOf(): number {
    const offset = this.tzinfo ? this.tzinfo.offsetMinutes * 60 * MICROS_PER_SECOND : 0;
    return epochMicros(this.parts()) - offset;
  }
  __str__(): string {
    return this.isoformat(' ');
  }
  toString(): string {
    return this.__str__();
  }
}

/** `modules.datetime` as templates see it. */
export function buildDatetimeModule(): Record<string, unknown> {
  const datetime = Object.assign((...args: unknown[]) => PyDateTime.create(...args), {
    now: (tz?: unknown) => PyDateTime.now(tz),
    utcnow: () => PyDateTime.utcnow(),
    fromisoformat: (s: string) => PyDateTime.fromisoformat(s),
    today: () => PyDateTime.now(),
  });
  const date = Object.assign((y: number, m: number, d: number) => new PyDate(Number(y), Number(m), Number(d)), {
    today: () => PyDate.today(),
    fromisoformat: (s: string) => PyDate.fromisoformat(s),
  });
  return {
    datetime,
    date,
    timedelta: (...args: unknown[]) => PyTimedelta.create(...args),
    timezone: { utc: UTC },
  };
}
