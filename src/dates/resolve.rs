//! Resolving found mentions: TIMEX3 values against the reference date.
//!
//! Takes an [`Expr`] from `scan.rs`, the reference date (if any), the tense
//! cue of its sentence and the last day mentioned in the sentence; returns
//! the TIMEX3 type and value (`None` when the expression is relative and there
//! is no reference date). All calendar arithmetic is `jiff`'s.
//!
//! A month, day or weekday without a year is placed by, in order: its own
//! direction word (`Agustus lalu` the last August before the reference,
//! `Agustus mendatang` the next one after it), the sentence's tense cue (past:
//! the nearest not after the reference; future: the nearest not before it),
//! else the nearest one to the reference (a weekday alone: the nearest not
//! after it, as news mostly reports what happened). A weekday beside a day
//! and month (`Senin (20/2)`) picks the year in which they agree.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::analysis::TimexType;

use super::scan::{Cal, Clock, Day, Expr};
use super::words::{Dir, Tense, Unit, Vague};

/// What a mention is resolved against.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    pub reference: Option<Date>,
    pub tense: Option<Tense>,
    /// The last day mentioned earlier in the sentence, for a clock time alone.
    pub anchor: Option<Date>,
    /// The last date mentioned earlier in the text, for `tiga hari kemudian`.
    pub story: Option<Point>,
}

/// The TIMEX3 type and value of a mention, and the calendar point it names
/// (a day, month or year), if any.
pub fn resolve(expr: &Expr, ctx: &Context) -> (TimexType, Option<String>, Option<Point>) {
    match expr {
        Expr::Cal(c) => {
            let point = cal(c, ctx);
            (TimexType::Date, point.map(|p| p.to_string()), point)
        }
        Expr::Period { unit, n, year, dir } => {
            (TimexType::Date, period(*unit, *n, *year, *dir, ctx), None)
        }
        Expr::Decade(d) => (TimexType::Date, Some(format!("{d:03}")), None),
        Expr::Century(c) => (TimexType::Date, Some(format!("{c:02}")), None),
        Expr::BeforeEra(y) => (TimexType::Date, Some(format!("BC{y:04}")), None),
        Expr::Rel { unit, offset } => {
            let day = match unit {
                Unit::Day => ctx.reference.and_then(|r| add_days(r, *offset as i64)),
                _ => None,
            };
            (
                TimexType::Date,
                relative(*unit, *offset, ctx.reference),
                day.map(Point::Day),
            )
        }
        Expr::Story { unit, offset } => {
            let base = story_base(*unit, ctx);
            let day = match unit {
                Unit::Day => base.and_then(|b| add_days(b, *offset as i64)),
                _ => None,
            };
            (
                TimexType::Date,
                relative(*unit, *offset, base),
                day.map(Point::Day),
            )
        }
        Expr::Weekend { offset } => {
            let value = ctx
                .reference
                .and_then(|r| add_days(r, 7 * *offset as i64))
                .map(|d| format!("{}-WE", iso_week(d)));
            (TimexType::Date, value, None)
        }
        Expr::Time { day, clock, part } => {
            let date = match day {
                Some(Day::Cal(c)) => match cal(c, ctx) {
                    Some(Point::Day(d)) => Some(d),
                    _ => None,
                },
                Some(Day::Offset(n)) => ctx.reference.and_then(|r| add_days(r, *n as i64)),
                None => ctx.anchor.or(ctx.reference),
            };
            let time = match (clock, part) {
                (Some(c), _) => clock_text(*c),
                (None, Some(p)) => p.code().to_string(),
                (None, None) => String::new(),
            };
            let value = date.map(|d| format!("{d}T{time}"));
            let day = if day.is_some() { date } else { None };
            (TimexType::Time, value, day.map(Point::Day))
        }
        Expr::Fixed(t, v) => (*t, Some(v.clone()), None),
    }
}

fn clock_text(c: Clock) -> String {
    match c.second {
        Some(s) => format!("{:02}:{:02}:{:02}", c.hour, c.minute, s),
        None => format!("{:02}:{:02}", c.hour, c.minute),
    }
}

/// A resolved calendar expression at its own granularity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    Day(Date),
    Month(i32, u8),
    Year(i32),
}

impl std::fmt::Display for Point {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Point::Day(d) => write!(f, "{d}"),
            Point::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Point::Year(y) => write!(f, "{y:04}"),
        }
    }
}

/// The date `tiga hari kemudian` counts from: the story's last date when it
/// is precise enough for the unit, else the reference date.
fn story_base(unit: Unit, ctx: &Context) -> Option<Date> {
    let from_story = match (ctx.story, unit) {
        (Some(Point::Day(d)), _) => Some(d),
        (Some(Point::Month(y, m)), u) if !matches!(u, Unit::Day | Unit::Week) => date(y, m, 1),
        (Some(Point::Year(y)), Unit::Year | Unit::Windu | Unit::Decade | Unit::Century) => {
            date(y, 1, 1)
        }
        _ => None,
    };
    from_story.or(ctx.reference)
}

fn date(y: i32, m: u8, d: u8) -> Option<Date> {
    Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok()
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(n.days()).ok()
}

/// Days from `a` to `b`.
fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map_or(i64::MAX, |span| span.get_days() as i64)
}

fn iso_week(d: Date) -> String {
    let w = d.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// How to choose among candidates placed `key` units from the reference
/// (negative before it); `same` marks the candidate in the reference's year.
fn pick<T: Copy>(cands: &[(i64, bool, T)], dir: Option<Dir>, tense: Option<Tense>) -> Option<T> {
    let latest = |f: &dyn Fn(i64) -> bool| {
        cands
            .iter()
            .filter(|c| f(c.0))
            .max_by_key(|c| c.0)
            .map(|c| c.2)
    };
    let earliest = |f: &dyn Fn(i64) -> bool| {
        cands
            .iter()
            .filter(|c| f(c.0))
            .min_by_key(|c| c.0)
            .map(|c| c.2)
    };
    let nearest = || cands.iter().min_by_key(|c| (c.0.abs(), !c.1)).map(|c| c.2);
    let chosen = match (dir, tense) {
        (Some(Dir::Last), _) => latest(&|k| k < 0),
        (Some(Dir::Next | Dir::Later | Dir::Ahead | Dir::Following), _) => earliest(&|k| k > 0),
        (Some(Dir::Prior), _) => latest(&|k| k < 0),
        (Some(Dir::This | Dir::Recent), _) => earliest(&|k| k == 0),
        (None, Some(Tense::Past)) => latest(&|k| k <= 0),
        (None, Some(Tense::Future)) => earliest(&|k| k >= 0),
        (None, None) => None,
    };
    chosen.or_else(nearest)
}

fn cal(c: &Cal, ctx: &Context) -> Option<Point> {
    if c.year.is_none()
        && let Some(offset) = c.year_offset
    {
        // `Oktober tahun lalu`.
        let year = ctx.reference?.year() as i32 + offset;
        let known = Cal {
            year: Some(year),
            year_offset: None,
            ..*c
        };
        return cal(&known, ctx);
    }
    match (c.year, c.month, c.day) {
        (Some(y), Some(m), Some(d)) => date(y, m, d).map(Point::Day),
        (Some(y), Some(m), None) => Some(Point::Month(y, m)),
        (Some(y), None, None) => Some(Point::Year(y)),
        (None, Some(m), Some(d)) => {
            let r = ctx.reference?;
            let ry = r.year() as i32;
            let mut cands: Vec<(i64, bool, Date)> = (ry - 1..=ry + 1)
                .filter_map(|y| date(y, m, d).map(|day| (days_between(r, day), y == ry, day)))
                .collect();
            if let Some(wd) = c.weekday {
                let agree: Vec<_> = cands
                    .iter()
                    .copied()
                    .filter(|c| c.2.weekday().to_monday_one_offset() as u8 == wd)
                    .collect();
                if !agree.is_empty() {
                    cands = agree;
                }
            }
            pick(&cands, c.dir, ctx.tense).map(Point::Day)
        }
        (None, Some(m), None) => {
            let r = ctx.reference?;
            let ry = r.year() as i32;
            let here = ry as i64 * 12 + r.month() as i64;
            let cands: Vec<(i64, bool, (i32, u8))> = (ry - 1..=ry + 1)
                .map(|y| (y as i64 * 12 + m as i64 - here, y == ry, (y, m)))
                .collect();
            // `Juni lalu` in a June article is this June: `lalu` on a month
            // means not after the reference month.
            let (dir, tense) = match c.dir {
                Some(Dir::Last) => (None, Some(Tense::Past)),
                dir => (dir, ctx.tense),
            };
            pick(&cands, dir, tense).map(|(y, m)| Point::Month(y, m))
        }
        (None, None, Some(d)) => {
            let r = ctx.reference?;
            let first = r.first_of_month();
            let cands: Vec<(i64, bool, Date)> = (-1..=1)
                .filter_map(|n: i64| {
                    let month = first.checked_add(n.months()).ok()?;
                    let day = date(month.year() as i32, month.month() as u8, d)?;
                    Some((days_between(r, day), n == 0, day))
                })
                .collect();
            pick(&cands, c.dir, ctx.tense).map(Point::Day)
        }
        (None, None, None) => {
            let wd = c.weekday?;
            let r = ctx.reference?;
            let cands: Vec<(i64, bool, Date)> = (-7..=7)
                .filter_map(|n| add_days(r, n).map(|d| (n, true, d)))
                .filter(|c| c.2.weekday().to_monday_one_offset() as u8 == wd)
                .collect();
            let this_week = |d: &Date| d.iso_week_date().week() == r.iso_week_date().week();
            let chosen = match c.dir {
                Some(Dir::This) => cands.iter().find(|c| this_week(&c.2)).map(|c| c.2),
                Some(_) => pick(&cands, c.dir, None),
                // A weekday alone is the last one (today included) unless the
                // sentence speaks of the future.
                None => pick(&cands, None, Some(ctx.tense.unwrap_or(Tense::Past))),
            };
            chosen.map(Point::Day)
        }
        (Some(_), None, Some(_)) => None,
    }
}

/// `kuartal I 2023` → `2023-Q1`; without a year, the one the direction, the
/// tense or nearness picks.
fn period(unit: Unit, n: u8, year: Option<i32>, dir: Option<Dir>, ctx: &Context) -> Option<String> {
    let (letter, per_year) = match unit {
        Unit::Quarter => ('Q', 4),
        Unit::Half => ('H', 2),
        _ => return None,
    };
    let y = match year {
        Some(y) => y,
        None => {
            let r = ctx.reference?;
            let ry = r.year() as i32;
            let here = ry as i64 * per_year + (r.month() as i64 - 1) * per_year / 12;
            let cands: Vec<(i64, bool, i32)> = (ry - 1..=ry + 1)
                .map(|y| (y as i64 * per_year + n as i64 - 1 - here, y == ry, y))
                .collect();
            pick(&cands, dir, ctx.tense)?
        }
    };
    Some(format!("{y:04}-{letter}{n}"))
}

/// The value `offset` units from the reference, at the unit's granularity.
fn relative(unit: Unit, offset: i32, reference: Option<Date>) -> Option<String> {
    if unit.is_clock() {
        let v = match offset.signum() {
            -1 => Vague::Past,
            1 => Vague::Future,
            _ => Vague::Present,
        };
        return Some(v.value().to_string());
    }
    let r = reference?;
    let ry = r.year() as i32;
    let n = offset as i64;
    Some(match unit {
        Unit::Day => add_days(r, n)?.to_string(),
        Unit::Week => iso_week(add_days(r, 7 * n)?),
        Unit::Month => {
            let m = r.first_of_month().checked_add(n.months()).ok()?;
            format!("{:04}-{:02}", m.year(), m.month())
        }
        Unit::Quarter | Unit::Half => {
            let (letter, per_year) = if unit == Unit::Quarter {
                ('Q', 4)
            } else {
                ('H', 2)
            };
            let index = ry as i64 * per_year + (r.month() as i64 - 1) * per_year / 12 + n;
            format!(
                "{:04}-{letter}{}",
                index.div_euclid(per_year),
                index.rem_euclid(per_year) + 1
            )
        }
        Unit::Year => format!("{:04}", ry as i64 + n),
        Unit::Windu => format!("{:04}", ry as i64 + 8 * n),
        Unit::Decade => format!("{:03}", ry.div_euclid(10) as i64 + n),
        Unit::Century => format!("{:02}", ry.div_euclid(100) as i64 + n),
        Unit::Second | Unit::Minute | Unit::Hour => unreachable!("handled above"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    fn ctx(tense: Option<Tense>) -> Context {
        Context {
            reference: Some(d(2023, 2, 22)),
            tense,
            anchor: None,
            story: None,
        }
    }

    fn value(expr: Expr, tense: Option<Tense>) -> Option<String> {
        resolve(&expr, &ctx(tense)).1
    }

    fn cal(year: Option<i32>, month: Option<u8>, day: Option<u8>) -> Cal {
        Cal {
            year,
            month,
            day,
            ..Cal::default()
        }
    }

    #[test]
    fn relative_units_at_their_granularity() {
        let rel = |unit, offset| Expr::Rel { unit, offset };
        let cases = [
            (rel(Unit::Day, -1), "2023-02-21"),
            (rel(Unit::Day, 2), "2023-02-24"),
            (rel(Unit::Week, -1), "2023-W07"),
            (rel(Unit::Week, 0), "2023-W08"),
            (rel(Unit::Week, -3), "2023-W05"),
            (rel(Unit::Month, -1), "2023-01"),
            (rel(Unit::Month, -4), "2022-10"),
            (rel(Unit::Year, 1), "2024"),
            (rel(Unit::Quarter, -1), "2022-Q4"),
            (rel(Unit::Half, 1), "2023-H2"),
            (rel(Unit::Decade, 0), "202"),
            (rel(Unit::Century, 0), "20"),
            (rel(Unit::Hour, -2), "PAST_REF"),
            (Expr::Weekend { offset: -1 }, "2023-W07-WE"),
        ];
        for (expr, expected) in cases {
            assert_eq!(
                value(expr.clone(), None).as_deref(),
                Some(expected),
                "{expr:?}"
            );
        }
    }

    #[test]
    fn missing_years_follow_direction_tense_and_nearness() {
        let with = |c: Cal, dir| Expr::Cal(Cal { dir, ..c });
        let aug = cal(None, Some(8), None);
        let dec = cal(None, Some(12), None);
        let feb20 = cal(None, Some(2), Some(20));
        let feb24 = cal(None, Some(2), Some(24));
        let cases = [
            (with(aug, None), None, "2023-08"),
            (with(aug, Some(Dir::Last)), None, "2022-08"),
            (with(aug, None), Some(Tense::Past), "2022-08"),
            (with(dec, None), None, "2022-12"),
            (with(dec, None), Some(Tense::Future), "2023-12"),
            (with(feb20, None), None, "2023-02-20"),
            (with(feb24, None), None, "2023-02-24"),
            (with(feb24, None), Some(Tense::Past), "2022-02-24"),
            (with(feb20, Some(Dir::Next)), None, "2024-02-20"),
        ];
        for (expr, tense, expected) in cases {
            assert_eq!(
                value(expr.clone(), tense).as_deref(),
                Some(expected),
                "{expr:?} {tense:?}"
            );
        }
    }

    #[test]
    fn weekdays() {
        let wd = |weekday, dir| {
            Expr::Cal(Cal {
                weekday: Some(weekday),
                dir,
                ..Cal::default()
            })
        };
        // The reference, 2023-02-22, is a Wednesday.
        let cases = [
            (wd(1, None), None, "2023-02-20"),
            (wd(3, None), None, "2023-02-22"),
            (wd(5, None), None, "2023-02-17"),
            (wd(5, None), Some(Tense::Future), "2023-02-24"),
            (wd(3, Some(Dir::Last)), None, "2023-02-15"),
            (wd(1, Some(Dir::Next)), None, "2023-02-27"),
            (wd(5, Some(Dir::This)), None, "2023-02-24"),
        ];
        for (expr, tense, expected) in cases {
            assert_eq!(
                value(expr.clone(), tense).as_deref(),
                Some(expected),
                "{expr:?}"
            );
        }
        // The weekday picks the year of a date without one: 20 February was a
        // Monday in 2023, a Sunday in 2022.
        let monday = Expr::Cal(Cal {
            weekday: Some(7),
            ..cal(None, Some(2), Some(20))
        });
        assert_eq!(value(monday, None).as_deref(), Some("2022-02-20"));
    }

    #[test]
    fn periods_and_times() {
        let half2 = Expr::Period {
            unit: Unit::Half,
            n: 2,
            year: None,
            dir: None,
        };
        assert_eq!(value(half2, None).as_deref(), Some("2023-H2"));
        let q4 = Expr::Period {
            unit: Unit::Quarter,
            n: 4,
            year: None,
            dir: None,
        };
        assert_eq!(value(q4, None).as_deref(), Some("2022-Q4"));
        let time = Expr::Time {
            day: Some(Day::Offset(-1)),
            clock: Some(Clock {
                hour: 14,
                minute: 30,
                second: None,
            }),
            part: None,
        };
        assert_eq!(value(time, None).as_deref(), Some("2023-02-21T14:30"));
    }

    #[test]
    fn no_reference_no_value() {
        let none = Context::default();
        let rel = Expr::Rel {
            unit: Unit::Day,
            offset: -1,
        };
        assert_eq!(resolve(&rel, &none).1, None);
        let absolute = Expr::Cal(cal(Some(2022), Some(2), Some(24)));
        assert_eq!(resolve(&absolute, &none).1.as_deref(), Some("2022-02-24"));
    }
}
