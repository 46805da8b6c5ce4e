// Time-and-date conditions (`/time-condition`, policy-api.md §6.1), used
// through `ConditionReference`. Evaluated against the `now` the caller
// passes, in the node's time zone (IANA name, default UTC).
//
// Matching: every part that is set must hold — week day in `weekDays`,
// date in `datesRange`, time of day in `hoursRange` — and none of the
// `…Exception` parts may hold. Dates and times are inclusive; an hours range
// whose end is before its start wraps past midnight (22:00–06:00).

export const WEEK_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

export interface DatesRange {
  /** YYYY-MM-DD */
  startDate: string;
  endDate: string;
}

export interface HoursRange {
  /** HH:mm */
  startTime: string;
  endTime: string;
}

export interface TimeAndDateCondition {
  conditionType: 'TimeAndDateCondition';
  id: string;
  name: string;
  description: string;
  isNegate: boolean;
  weekDays?: WeekDay[];
  weekDaysException?: WeekDay[];
  datesRange?: DatesRange;
  datesRangeException?: DatesRange;
  hoursRange?: HoursRange;
  hoursRangeException?: HoursRange;
}

/** Local calendar fields of an instant. */
export interface WallClock {
  /** 0 = Sunday. */
  weekDay: number;
  /** YYYYMMDD as a number, for range tests. */
  date: number;
  /** Minutes since midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Calendar fields of `now` in `timeZone` (IANA name or `UTC`). */
export function wallClock(now: Date, timeZone = 'UTC'): WallClock {
  if (timeZone === 'UTC') {
    return {
      weekDay: now.getUTCDay(),
      date: now.getUTCFullYear() * 10000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate(),
      minutes: now.getUTCHours() * 60 + now.getUTCMinutes(),
    };
  }
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(now)) parts[p.type] = p.value;
  return {
    weekDay: SHORT_DAYS.indexOf(parts.weekday),
    date: Number(parts.year) * 10000 + Number(parts.month) * 100 + Number(parts.day),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** YYYY-MM-DD as YYYYMMDD, or null when not a real date. */
export function dateNumber(text: string): number | null {
  const m = DATE.exec(text);
  if (m === null) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  return y * 10000 + mo * 100 + d;
}

/** HH:mm as minutes since midnight, or null. */
export function timeMinutes(text: string): number | null {
  const m = TIME.exec(text);
  return m === null ? null : Number(m[1]) * 60 + Number(m[2]);
}

type ClockTest = (w: WallClock) => boolean;

function daysTest(days: readonly WeekDay[]): ClockTest {
  const set = new Set(days.map((d) => WEEK_DAYS.indexOf(d)));
  return (w) => set.has(w.weekDay);
}

function datesTest(r: DatesRange): ClockTest {
  const lo = dateNumber(r.startDate) ?? Infinity;
  const hi = dateNumber(r.endDate) ?? -Infinity;
  return (w) => w.date >= lo && w.date <= hi;
}

function hoursTest(r: HoursRange): ClockTest {
  const lo = timeMinutes(r.startTime);
  const hi = timeMinutes(r.endTime);
  if (lo === null || hi === null) return () => false;
  return lo <= hi ? (w) => w.minutes >= lo && w.minutes <= hi : (w) => w.minutes >= lo || w.minutes <= hi;
}

/** The condition as a test on wall-clock fields (`isNegate` not applied). */
export function compileTimeCondition(c: TimeAndDateCondition): ClockTest {
  const must: ClockTest[] = [];
  const mustNot: ClockTest[] = [];
  if (c.weekDays && c.weekDays.length > 0) must.push(daysTest(c.weekDays));
  if (c.datesRange) must.push(datesTest(c.datesRange));
  if (c.hoursRange) must.push(hoursTest(c.hoursRange));
  if (c.weekDaysException && c.weekDaysException.length > 0) mustNot.push(daysTest(c.weekDaysException));
  if (c.datesRangeException) mustNot.push(datesTest(c.datesRangeException));
  if (c.hoursRangeException) mustNot.push(hoursTest(c.hoursRangeException));
  return (w) => must.every((t) => t(w)) && !mustNot.some((t) => t(w));
}
