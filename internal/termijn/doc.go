// Package termijn computes Dutch legal terms and working days. It is pure —
// no clock and no I/O — except LoadOperational, which reads the
// municipality's own calendar from the kalender_dagen table.
//
// # Calendars
//
// Legal() is the calendar of the Algemene termijnenwet (Atw, BWBR0002448).
// Not working days are Saturday, Sunday and the algemeen erkende feestdagen
// of art. 3 lid 1: Nieuwjaarsdag, Tweede Paasdag, Koningsdag (27 April, or
// Saturday 26 April when the 27th is a Sunday), 5 mei (every year: the
// once-in-five-years day off is a labour matter, not an Atw one),
// Hemelvaartsdag, Tweede Pinksterdag and both Kerstdagen; Goede Vrijdag is
// equated by lid 2; further days are equated by besluit under lid 3 and kept
// as data in gelijkgesteld.txt, because they cannot be derived safely.
// Local closing days (carnaval, a municipal holiday) are working days for
// legal terms.
//
// Operational(closed, open) is the municipality's calendar for service norms
// counted in werkdagen: the legal non-working days plus its own closing days,
// minus the days it opens anyway (e.g. Goede Vrijdag).
//
// # Terms
//
// Deadline computes the uiterlijke einddatum afdoening:
//   - Awb 4:13: the term starts the day after receipt, so received + 8 weeks
//     ends on the same weekday eight weeks later;
//   - Awb 4:15: each opschorting stops the clock from the day after the
//     request up to and including the day the documents arrive or the set
//     term expires unused; the end moves by that many calendar days, and
//     overlapping suspensions count once;
//   - verlenging: each extension adds its duration;
//   - Atw art. 1, once at the end: a term ending on a Saturday, Sunday or
//     feestdag ends on the next working day; art. 2: a term of three days or
//     more contains at least two working days. Neither applies to terms
//     longer than 12 weeks / 3 months / 90 days (Atw art. 4), so a 26-week
//     term ending on a Sunday stays on that Sunday.
//
// BezwaarTermijn is the objection term (Awb 6:7, 6:8: six weeks from the
// day after the decision was sent); BeslistermijnBezwaar the term to decide
// on it (Awb 7:10: six weeks, twelve with an advisory committee, from the
// day after the objection term expired). Both are subject to Atw art. 1.
//
// Dwangsom computes the penalty for not deciding in time (Awb 4:17): owed
// from the day two weeks after the later of the deadline and the receipt of
// the ingebrekestelling, €23/€35/€45 a day in bands of 14 days, at most
// 42 days (€1,442). The Atw does not apply to those 42 days.
//
// Terms counted backwards (Atw art. 1 lid 2) are not supported: the system
// has none.
package termijn
