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
	/// Authors its slots, pays the fees its service costs, holds its devices' records, sells
	/// data to real buyers, delivers valid fragments for others' grants; its CPC is its bond.
	Honest,
	/// Offline most sessions, barely active.
	Lazy,
	/// As busy as the honest, but delivers invalid fragments now and then and equivocates;
	/// tops its bond up after every slash to stay eligible.
	Malicious,
	/// Commits as much CPC as the honest, but bonds only the minimum and spends the rest on
	/// manufacturing activity: fee-paying spam, register-and-remove loops, purchases of its
	/// own data from a second account, fragments for grants between its own accounts.
	Farmer,
}

const BEHAVIOURS: [Behaviour; 4] =
	[Behaviour::Honest, Behaviour::Lazy, Behaviour::Malicious, Behaviour::Farmer];
const NAMES: [&str; 4] = ["honest", "lazy", "malicious", "farmer"];
const PER_BEHAVIOUR: u64 = 7;
const SEATS: u32 = 7;
const TERMS: u32 = 30;

/// What a session's honest service adds, and the caps, per session: honest service reaches
/// every cap (its fees, its records, its buyers' proxy fees, its fragments).
const HONEST_FEES: Balance = 5;
const HONEST_RECORDS: u32 = 3;
const HONEST_PROXY_FEES: Balance = 10;
const HONEST_CFRAGS: u32 = 3;
/// What the farmer spends per session: far more fees than the cap, and the proxy fees of a
/// purchase of its own data (the price comes back to it; the proxies' share does not).
const FARMER_FEES: Balance = 20;
const FARMER_PROXY_FEES: Balance = HONEST_PROXY_FEES;

fn behaviour(who: AccountId) -> Behaviour {
	BEHAVIOURS[((who - 11) / PER_BEHAVIOUR) as usize]
}

/// A deterministic coin: true with `percent` % for (who, session, salt).
fn chance(who: AccountId, session: u32, salt: u8, percent: u8) -> bool {
	let hash = sp_io::hashing::blake2_256(&(who, session, salt).encode());
	hash[0] % 100 < percent
}

/// Spends `amount` of `who`'s CPC for good (fees burnt, or paid to proxies it does not own).
fn spend(who: AccountId, amount: Balance) {
	use frame_support::traits::{
		fungible::Mutate,
		tokens::{Fortitude, Precision, Preservation},
	};
	assert_ok!(<Balances as Mutate<_>>::burn_from(
		&who,
		amount,
		Preservation::Preserve,
		Precision::Exact,
		Fortitude::Polite,
	));
}

/// One row per behaviour and session: mean credit and seats held.
struct Row {
	session: u32,
	credit: [u32; 4],
	seats: [u32; 4],
}

impl Row {
	/// Session, the four mean credits, the four seat counts.
	fn fields(&self) -> Vec<u32> {
		let mut fields = vec![self.session];
		fields.extend(self.credit);
		fields.extend(self.seats);
		fields
	}
}

/// The rows, and the CPC each honest and each farming candidate committed (bond and spending).
fn simulate() -> (Vec<Row>, Balance, Balance) {
	let candidates: Vec<AccountId> = (11..11 + 4 * PER_BEHAVIOUR).collect();
	let mut rows = Vec::new();
	let mut committed = (0, 0);
	new_test_ext(vec![], candidates.clone()).execute_with(|| {
		let mut parameters = default_parameters();
		parameters.seats = SEATS;
		// Two invalid fragments in a window cost the seat; one costs a quarter of the scale.
		parameters.min_credit = 300;
		parameters.invalid_cfrag_penalty = 250;
		parameters.caps = ActivityCaps {
			fees: HONEST_FEES,
			records: HONEST_RECORDS,
			sold: HONEST_PROXY_FEES,
			cfrags: HONEST_CFRAGS,
		};
		pallet_cpc_parameters::Committee::<Test>::put(parameters);
		let sessions = TERMS * parameters.term;
		// The farmer's spending over the run, which the honest bonds instead (less its fees).
		let farming = Balance::from(sessions) * (FARMER_FEES + FARMER_PROXY_FEES);
		let honest_extra_bond = farming - Balance::from(sessions) * HONEST_FEES;
		for &who in &candidates {
			match behaviour(who) {
				Behaviour::Honest => {
					assert_ok!(Committee::bond_extra(
						RuntimeOrigin::signed(who),
						honest_extra_bond
					));
					world(|w| w.records.insert(who, HONEST_RECORDS));
				}
				Behaviour::Malicious => {
					world(|w| w.records.insert(who, HONEST_RECORDS));
				}
				_ => {}
			}
		}
		for session in 0..sessions {
			// What each candidate does this session.
			world(|w| {
				w.offline.clear();
				w.randomness = Some(sp_io::hashing::blake2_256(&session.encode()));
			});
			for &who in &candidates {
				// Someone else's data and a buyer it does not control.
				let (owner, buyer) = (1, 2);
				match behaviour(who) {
					Behaviour::Honest => {
						spend(who, HONEST_FEES);
						Committee::note_fees(&who, HONEST_FEES);
						Committee::note_sale(&who, &buyer, &[owner], HONEST_PROXY_FEES);
						for _ in 0..HONEST_CFRAGS {
							Committee::note_cfrag_accepted(&who, &owner, &buyer);
						}
					}
					Behaviour::Lazy => {
						if chance(who, session, 0, 60) {
							world(|w| w.offline.insert(who));
						}
						if chance(who, session, 1, 30) {
							Committee::note_fees(&who, 1);
						}
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
						Committee::note_fees(&who, HONEST_FEES);
						Committee::note_sale(&who, &buyer, &[owner], HONEST_PROXY_FEES);
						for _ in 0..HONEST_CFRAGS {
							Committee::note_cfrag_accepted(&who, &owner, &buyer);
						}
					}
					Behaviour::Farmer => {
						// Spam that pays fees.
						spend(who, FARMER_FEES);
						Committee::note_fees(&who, FARMER_FEES);
						// Records registered and removed within the session: the deposit comes
						// back, and none is held through the session.
						for held in [HONEST_RECORDS * 10, 0] {
							world(|w| w.records.insert(who, held));
							Committee::note_record_removed(&who);
						}
						// Its own data bought by its second account (`who + 100`), two proxies
						// paid: itself, and one it does not control.
						spend(who, FARMER_PROXY_FEES);
						Committee::note_sale(&who, &(who + 100), &[who, owner], FARMER_PROXY_FEES);
						// Fragments for grants between its accounts, and for its own purchase.
						for _ in 0..10 * HONEST_CFRAGS {
							Committee::note_cfrag_accepted(&who, &(who + 200), &(who + 100));
							Committee::note_cfrag_accepted(&who, &who, &(who + 100));
						}
					}
				}
			}
			run_to_session(session + 1);
			let members = Members::<Test>::get();
			let mut row = Row { session: session + 1, credit: [0; 4], seats: [0; 4] };
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
		let honest = candidates[0];
		let farmer = *candidates.iter().find(|who| behaviour(**who) == Behaviour::Farmer).unwrap();
		committed = (
			Candidates::<Test>::get(honest).unwrap().bond + Balance::from(sessions) * HONEST_FEES,
			Candidates::<Test>::get(farmer).unwrap().bond + farming,
		);
	});
	(rows, committed.0, committed.1)
}

fn csv(rows: &[Row]) -> String {
	let mut out = String::from("session");
	for what in ["credit", "seats"] {
		for name in NAMES {
			let _ = write!(out, ",{name}_{what}");
		}
	}
	out.push('\n');
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
	const COLOURS: [&str; 4] = ["#2b8a3e", "#e8a33d", "#c92a2a", "#1c7ed6"];
	let last = rows.last().map_or(1, |row| row.session) as f64;
	let x = |session: u32| LEFT + (WIDTH - LEFT - 20.0) * f64::from(session) / last;
	let mut out = format!(
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{}\" \
		 font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
		2.0 * PANEL + 110.0
	);
	let panels: [(&str, f64, fn(&Row) -> [u32; 4]); 2] = [
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
	for (i, (name, colour)) in NAMES.iter().zip(COLOURS).enumerate() {
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
fn simulation_honest_candidates_keep_the_seats_and_farming_buys_none() {
	let (rows, honest_committed, farmer_committed) = simulate();
	assert_eq!(honest_committed, farmer_committed, "both commit the same CPC");
	println!("session  credit: honest lazy malicious farmer   seats: honest lazy malicious farmer");
	for row in rows.iter().filter(|row| row.session % default_parameters().term == 0) {
		let [c0, c1, c2, c3] = row.credit;
		let [s0, s1, s2, s3] = row.seats;
		println!(
			"{:>7}  {c0:>14} {c1:>4} {c2:>9} {c3:>6}   {s0:>13} {s1:>4} {s2:>9} {s3:>6}",
			row.session
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
	let mean = |i: usize, f: fn(&Row) -> [u32; 4]| {
		settled.iter().map(|row| f(row)[i] as f64).sum::<f64>() / settled.len() as f64
	};
	let credit: Vec<f64> = (0..4).map(|i| mean(i, |r| r.credit)).collect();
	let seats: Vec<f64> = (0..4).map(|i| mean(i, |r| r.seats)).collect();
	let (honest, lazy, malicious, farmer) = (credit[0], credit[1], credit[2], credit[3]);
	assert!(honest > 2.0 * lazy, "honest {honest} vs lazy {lazy}");
	assert!(honest > 2.0 * malicious, "honest {honest} vs malicious {malicious}");
	assert!(seats[0] > seats[1] + seats[2], "seats {seats:?}");
	// Lower-credit seats keep a door open: not every seat goes to the honest.
	assert!(seats[0] < f64::from(SEATS), "seats {seats:?}");
	// The farmer spent what the honest bonded: it ends with less credit, and fewer seats.
	assert!(farmer < honest, "farmer {farmer} vs honest {honest}");
	for row in settled {
		assert!(row.credit[3] <= row.credit[0], "session {}: {:?}", row.session, row.credit);
	}
	assert!(seats[3] <= seats[0], "seats {seats:?}");
	let total_seats = |i: usize| rows.iter().map(|row| row.seats[i]).sum::<u32>();
	assert!(
		total_seats(3) <= total_seats(0),
		"farmer {} vs honest {}",
		total_seats(3),
		total_seats(0)
	);
}
