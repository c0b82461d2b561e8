//! Many terms of honest, lazy and malicious candidates on the test runtime: how their credit
//! and seats evolve.
//!
//! `cargo test -p pallet-committee simulation -- --nocapture` prints a table per term; with
//! `COMMITTEE_SIMULATION_OUT=<dir>` it also writes `committee-simulation.csv` and a plot,
//! `committee-simulation.svg`, there.

use crate::{mock::*, *};
use codec::Encode;
use frame_support::assert_ok;
use std::fmt::Write;

/// How a candidate behaves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Behaviour {
	/// Authors its slots, signs transactions, registers data, delivers valid fragments.
	Honest,
	/// Offline most sessions, barely active.
	Lazy,
	/// As busy as the honest, but delivers invalid fragments now and then and equivocates;
	/// tops its bond up after every slash to stay eligible.
	Malicious,
}

const BEHAVIOURS: [Behaviour; 3] = [Behaviour::Honest, Behaviour::Lazy, Behaviour::Malicious];
const PER_BEHAVIOUR: u64 = 10;
const SEATS: u32 = 7;
const TERMS: u32 = 30;

fn behaviour(who: AccountId) -> Behaviour {
	BEHAVIOURS[((who - 11) / PER_BEHAVIOUR) as usize]
}

/// A deterministic coin: true with `percent` % for (who, session, salt).
fn chance(who: AccountId, session: u32, salt: u8, percent: u8) -> bool {
	let hash = sp_io::hashing::blake2_256(&(who, session, salt).encode());
	hash[0] % 100 < percent
}

/// One row per behaviour and session: mean credit and seats held.
struct Row {
	session: u32,
	credit: [u32; 3],
	seats: [u32; 3],
}

impl Row {
	/// Session, the three mean credits, the three seat counts.
	fn fields(&self) -> [u32; 7] {
		let [c0, c1, c2] = self.credit;
		let [s0, s1, s2] = self.seats;
		[self.session, c0, c1, c2, s0, s1, s2]
	}
}

fn simulate() -> Vec<Row> {
	let candidates: Vec<AccountId> = (11..11 + 3 * PER_BEHAVIOUR).collect();
	let mut rows = Vec::new();
	new_test_ext(vec![], candidates.clone()).execute_with(|| {
		let mut parameters = default_parameters();
		parameters.seats = SEATS;
		// Two invalid fragments in a window cost the seat; one costs a quarter of the scale.
		parameters.min_credit = 300;
		parameters.invalid_cfrag_penalty = 250;
		assert_ok!(Committee::set_parameters(RuntimeOrigin::root(), parameters));
		let sessions = TERMS * parameters.term;
		for session in 0..sessions {
			// What each candidate does this session.
			world(|w| {
				w.offline.clear();
				w.randomness = Some(sp_io::hashing::blake2_256(&session.encode()));
			});
			for &who in &candidates {
				let (transactions, records, cfrags) = match behaviour(who) {
					Behaviour::Honest => (5, 1, 3),
					Behaviour::Lazy => {
						if chance(who, session, 0, 60) {
							world(|w| w.offline.insert(who));
						}
						(u64::from(chance(who, session, 1, 30)), 0, 0)
					}
					Behaviour::Malicious => {
						if chance(who, session, 2, 30) {
							Committee::note_cfrag_rejected(&who);
						}
						if session == 10 * parameters.term && who % 2 == 0 {
							let proof =
								TestProof { offender: who, slot: session.into(), valid: true };
							let _ = Committee::report_equivocation(
								RuntimeOrigin::signed(1),
								Box::new(proof),
							);
						}
						// Keep the bond at the minimum after slashes.
						let bond = Candidates::<Test>::get(who).map_or(0, |c| c.bond);
						if bond < MIN_BOND {
							assert_ok!(Committee::bond_extra(
								RuntimeOrigin::signed(who),
								MIN_BOND - bond
							));
						}
						(5, 1, 3)
					}
				};
				world(|w| *w.transactions.entry(who).or_default() += transactions);
				for _ in 0..records {
					Committee::note_record(&who);
				}
				for _ in 0..cfrags {
					Committee::note_cfrag_accepted(&who);
				}
			}
			run_to_session(session + 1);
			let members = Members::<Test>::get();
			let mut row = Row { session: session + 1, credit: [0; 3], seats: [0; 3] };
			for (i, kind) in BEHAVIOURS.iter().enumerate() {
				let of_kind = candidates.iter().filter(|who| behaviour(**who) == *kind);
				let total: u32 = of_kind
					.clone()
					.map(|who| Candidates::<Test>::get(who).map_or(0, |c| c.credit.total))
					.sum();
				row.credit[i] = total / PER_BEHAVIOUR as u32;
				row.seats[i] = of_kind.filter(|who| members.contains(who)).count() as u32;
			}
			rows.push(row);
			Committee::do_try_state().expect("invariants hold");
		}
	});
	rows
}

fn csv(rows: &[Row]) -> String {
	let mut out = String::from(
		"session,honest_credit,lazy_credit,malicious_credit,honest_seats,lazy_seats,malicious_seats\n",
	);
	for row in rows {
		let fields: Vec<String> = row.fields().iter().map(u32::to_string).collect();
		let _ = writeln!(out, "{}", fields.join(","));
	}
	out
}

/// Two stacked line charts (mean credit, seats) over sessions.
fn svg(rows: &[Row]) -> String {
	const WIDTH: f64 = 720.0;
	const PANEL: f64 = 200.0;
	const LEFT: f64 = 60.0;
	const COLOURS: [&str; 3] = ["#2b8a3e", "#e8a33d", "#c92a2a"];
	let last = rows.last().map_or(1, |row| row.session) as f64;
	let x = |session: u32| LEFT + (WIDTH - LEFT - 20.0) * f64::from(session) / last;
	let mut out = format!(
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{}\" \
		 font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
		2.0 * PANEL + 110.0
	);
	let panels: [(&str, f64, fn(&Row) -> [u32; 3]); 2] = [
		("mean credit (0..=1000)", 1000.0, |row| row.credit),
		("seats held (of 7)", f64::from(SEATS), |row| row.seats),
	];
	for (p, (title, top, values)) in panels.iter().enumerate() {
		let base = 30.0 + p as f64 * (PANEL + 40.0);
		let y = |value: u32| base + PANEL - PANEL * f64::from(value) / top;
		let _ = writeln!(
			out,
			"<text x=\"{LEFT}\" y=\"{}\">{title}</text>\n<line x1=\"{LEFT}\" y1=\"{}\" x2=\"{LEFT}\" y2=\"{}\" stroke=\"black\"/>\n<line x1=\"{LEFT}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"black\"/>\n<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{top}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>",
			base - 8.0,
			base,
			base + PANEL,
			base + PANEL,
			WIDTH - 20.0,
			base + PANEL,
			LEFT - 6.0,
			base + 4.0,
			LEFT - 6.0,
			base + PANEL + 4.0,
		);
		for (i, colour) in COLOURS.iter().enumerate() {
			let points: Vec<String> = rows
				.iter()
				.map(|row| format!("{:.1},{:.1}", x(row.session), y(values(row)[i])))
				.collect();
			let _ = writeln!(
				out,
				"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{}\"/>",
				points.join(" ")
			);
		}
	}
	let legend_y = 2.0 * PANEL + 95.0;
	for (i, (name, colour)) in ["honest", "lazy", "malicious"].iter().zip(COLOURS).enumerate() {
		let lx = LEFT + 150.0 * i as f64;
		let _ = writeln!(
			out,
			"<rect x=\"{lx}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{}\" y=\"{legend_y}\">{name}</text>",
			legend_y - 10.0,
			lx + 18.0
		);
	}
	let _ = writeln!(
		out,
		"<text x=\"{}\" y=\"{legend_y}\" text-anchor=\"end\">session</text>\n</svg>",
		WIDTH - 20.0
	);
	out
}

#[test]
fn simulation_honest_candidates_keep_the_seats() {
	let rows = simulate();
	println!("session  credit: honest lazy malicious   seats: honest lazy malicious");
	for row in rows.iter().filter(|row| row.session % default_parameters().term == 0) {
		let [session, honest, lazy, malicious, honest_seats, lazy_seats, malicious_seats] =
			row.fields();
		println!(
			"{session:>7}  {honest:>14} {lazy:>4} {malicious:>9}   {honest_seats:>13} {lazy_seats:>4} {malicious_seats:>9}"
		);
	}
	if let Ok(dir) = std::env::var("COMMITTEE_SIMULATION_OUT") {
		let dir = std::path::Path::new(&dir);
		std::fs::write(dir.join("committee-simulation.csv"), csv(&rows)).expect("writable");
		std::fs::write(dir.join("committee-simulation.svg"), svg(&rows)).expect("writable");
	}

	// Once the first windows have filled (the genesis committee is the first candidates,
	// honest ones), compare the behaviours over the rest of the run.
	let settled = &rows[12..];
	let mean = |i: usize, f: fn(&Row) -> [u32; 3]| {
		settled.iter().map(|row| f(row)[i] as f64).sum::<f64>() / settled.len() as f64
	};
	let (honest, lazy, malicious) =
		(mean(0, |r| r.credit), mean(1, |r| r.credit), mean(2, |r| r.credit));
	assert!(honest > 2.0 * lazy, "honest {honest} vs lazy {lazy}");
	assert!(honest > 2.0 * malicious, "honest {honest} vs malicious {malicious}");
	let seats = [mean(0, |r| r.seats), mean(1, |r| r.seats), mean(2, |r| r.seats)];
	assert!(seats[0] > seats[1] + seats[2], "seats {seats:?}");
	// Lower-credit seats keep a door open: not every seat goes to the honest.
	assert!(seats[0] < f64::from(SEATS), "seats {seats:?}");
}
