//! `cpchain`: keys, devices and encrypted data on CPChain and IPFS, from the command line.
//!
//! Results go to standard output (one value per line, to script with); progress and notes go
//! to standard error.

use std::{
	path::PathBuf,
	process::ExitCode,
	time::{SystemTime, UNIX_EPOCH},
};

use clap::{Args, Parser, Subcommand};
use cpchain_client::{
	chain::{account_of, Chain},
	data, device,
	ipfs::Ipfs,
	keys::{self, KeyFile},
	market::{self, parse_amount, ProxyChoice, Purchase},
	proxy, worker, Error,
};
use cpchain_primitives::record::{DeviceId, RecordId};
use cpchain_runtime::{
	pallet_access_grants::{self, Coverage, GrantId, ListingId, Offer, Terms},
	pallet_data_registry, AccountId, Balance, BlockNumber, RuntimeCall,
};
use sp_core::{crypto::Ss58Codec, sr25519, Pair};

#[derive(Parser)]
#[command(name = "cpchain", version, about = "Keys, devices and encrypted data on CPChain")]
struct Cli {
	/// The CPChain node's RPC endpoint.
	#[arg(long, global = true, default_value = "ws://127.0.0.1:9944")]
	node: String,
	/// The IPFS node's RPC API.
	#[arg(long, global = true, default_value = "http://127.0.0.1:5001")]
	ipfs: String,
	/// The keys file [default: ~/.config/cpchain/keys.json].
	#[arg(long, global = true)]
	keys: Option<PathBuf>,
	/// Sign with this account (a secret phrase or URI such as `//Alice`) instead of the keys
	/// file's.
	#[arg(long, global = true)]
	suri: Option<String>,
	/// No progress bars.
	#[arg(long, global = true)]
	quiet: bool,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// The keys file: account and Umbral keys.
	#[command(subcommand)]
	Keys(KeysCommand),
	/// Devices.
	#[command(subcommand)]
	Device(DeviceCommand),
	/// Encrypted data on IPFS, registered on chain.
	#[command(subcommand)]
	Data(DataCommand),
	/// The data market: listings, purchases, requests.
	#[command(subcommand)]
	Market(MarketCommand),
	/// Grants: approve or reject requests, revoke, close, top up; approve automatically.
	#[command(subcommand)]
	Grant(GrantCommand),
	/// Re-encryption for grants, as a member of the proxy set.
	#[command(subcommand)]
	Proxy(ProxyCommand),
	/// The batches a gateway node at `--node` holds, and its dead letters (the node's unsafe
	/// RPC methods: reach it on 127.0.0.1).
	#[command(subcommand)]
	Gateway(GatewayCommand),
}

#[derive(Subcommand)]
enum GatewayCommand {
	/// Prints the batches waiting to become records, one JSON object per line; dead letters
	/// have the state `dead` and a reason.
	Batches,
	/// Puts a dead letter back in the worker's rounds, once its cause is mended (the device or
	/// gateway key inserted, the gateway set again).
	Retry {
		/// The batch's record, DEVICE:INTERVAL.
		record: RecordId,
	},
	/// Deletes a dead letter and its readings.
	Drop {
		/// The batch's record, DEVICE:INTERVAL.
		record: RecordId,
	},
}

#[derive(Subcommand)]
enum MarketCommand {
	/// Prints the listings, one per line.
	List {
		/// Only yours.
		#[arg(long)]
		mine: bool,
	},
	/// Lists a device's stream (priced per interval) or a set of your records (priced whole);
	/// prints the listing's id.
	Sell {
		/// The device whose stream is sold.
		#[arg(long, conflicts_with = "records")]
		device: Option<DeviceId>,
		/// A record of the set sold (DEVICE:INTERVAL); repeat for several.
		#[arg(long = "record")]
		records: Vec<RecordId>,
		#[command(flatten)]
		terms: TermsArgs,
	},
	/// Changes a listing's price, terms and approver.
	Update {
		/// The listing.
		listing: ListingId,
		#[command(flatten)]
		terms: TermsArgs,
	},
	/// Withdraws a listing.
	Delist {
		/// The listing.
		listing: ListingId,
	},
	/// Requests access, holding the price in escrow; prints the request's id, which becomes the
	/// grant's.
	Buy {
		/// The listing.
		listing: ListingId,
		/// A stream's first interval.
		#[arg(long)]
		from: Option<u64>,
		/// A stream's last interval; without it the purchase is open-ended (until revoked).
		#[arg(long, requires = "from")]
		to: Option<u64>,
		/// An open-ended purchase's escrow [default: one interval's price].
		#[arg(long, requires = "from", conflicts_with = "to", value_parser = parse_amount)]
		budget: Option<Balance>,
	},
	/// Your pending requests and grants as a buyer.
	Purchases,
	/// The pending requests for your listings.
	Requests,
}

#[derive(Args)]
struct TermsArgs {
	/// The price: per interval for a stream, for the whole set otherwise. In the smallest unit,
	/// or with a `CPC` suffix (`0.5CPC`).
	#[arg(long, value_parser = parse_amount)]
	price: Balance,
	/// The block after which the listing takes no requests and its grants end.
	#[arg(long)]
	expires_at: Option<BlockNumber>,
	/// The most buyers at a time.
	#[arg(long)]
	max_buyers: Option<u32>,
	/// An account (SS58), such as your gateway's, that may approve requests for you.
	#[arg(long)]
	approver: Option<String>,
}

#[derive(Subcommand)]
enum GrantCommand {
	/// Approves a request: key fragments for the buyer, each sealed to one proxy.
	Approve {
		/// The request.
		request: GrantId,
		#[command(flatten)]
		proxies: ProxyArgs,
	},
	/// Rejects a request; its escrow goes back to the buyer.
	Reject {
		/// The request.
		request: GrantId,
	},
	/// Revokes one of your grants: proxies stop, the buyer's unspent escrow goes back.
	Revoke {
		/// The grant.
		grant: GrantId,
	},
	/// Closes one of your purchases (or anyone's expired grant); unspent escrow goes back.
	Close {
		/// The grant.
		grant: GrantId,
	},
	/// Adds to an open-ended purchase's escrow.
	TopUp {
		/// The grant.
		grant: GrantId,
		/// How much (smallest unit, or with a `CPC` suffix).
		#[arg(value_parser = parse_amount)]
		amount: Balance,
	},
	/// Prints a grant: parties, proxies and what each delivered, escrow.
	Show {
		/// The grant.
		grant: GrantId,
	},
	/// Runs beside your gateway and approves every request for your listings as it comes (the
	/// chain has checked price and terms). Sign as the owner, or as the listings' approver with
	/// `--owner`; the keys file must be the owner's (its Umbral key makes the fragments).
	Auto {
		/// Whose listings (SS58) [default: the signing account's].
		#[arg(long)]
		owner: Option<String>,
		#[command(flatten)]
		proxies: ProxyArgs,
		#[command(flatten)]
		schedule: Schedule,
	},
}

#[derive(Args)]
struct ProxyArgs {
	/// Fragments needed to decrypt (M).
	#[arg(long, default_value_t = 2)]
	threshold: u8,
	/// How many proxies to draw at random from the proxy set (N).
	#[arg(long, default_value_t = 3, conflicts_with = "proxy")]
	proxies: usize,
	/// A proxy to use (SS58) instead of drawing; repeat for each.
	#[arg(long)]
	proxy: Vec<String>,
}

#[derive(Args)]
struct Schedule {
	/// Milliseconds between passes.
	#[arg(long, default_value_t = 2_000)]
	every_ms: u64,
	/// One pass, then exit.
	#[arg(long)]
	once: bool,
}

#[derive(Subcommand)]
enum ProxyCommand {
	/// Serves every grant naming this account: re-encrypts each record owed and submits the
	/// capsule fragment; runs until stopped.
	Run {
		/// Where submissions in flight are kept across restarts [default: beside the keys
		/// file].
		#[arg(long)]
		journal: Option<PathBuf>,
		#[command(flatten)]
		schedule: Schedule,
	},
}

#[derive(Subcommand)]
enum KeysCommand {
	/// Creates the keys file (permissions 0600): a new account and Umbral key.
	Generate {
		/// Replace an existing file (its keys are lost).
		#[arg(long)]
		force: bool,
	},
	/// Prints the account address and the Umbral public key.
	Show,
	/// Registers the Umbral public key on chain (needed before registering devices).
	Publish,
}

#[derive(Subcommand)]
enum DeviceCommand {
	/// Registers a new device with a fresh key kept in the keys file; prints its id.
	Register(RegisterArgs),
	/// Lists the account's devices.
	Ls,
	/// Puts a device's key (from the keys file) into the keystore of the gateway node at
	/// `--node` (its unsafe `author_insertKey`: reach it on 127.0.0.1).
	ToGateway {
		/// The device.
		#[arg(long)]
		device: DeviceId,
	},
	/// Sends signed readings as the device to the gateway node at `--node`.
	Send {
		/// The device.
		#[arg(long)]
		device: DeviceId,
		/// A reading's payload; repeat for several.
		#[arg(long = "reading", required = true)]
		readings: Vec<String>,
		/// The readings' timestamp in milliseconds [default: now]; each next reading is 1 ms
		/// later.
		#[arg(long)]
		timestamp_ms: Option<u64>,
	},
}

#[derive(Args)]
struct RegisterArgs {
	/// Milliseconds per encryption interval.
	#[arg(long, default_value_t = 60_000)]
	interval_ms: u64,
	/// What kind of sensor it is.
	#[arg(long, default_value = "sensor")]
	kind: String,
	/// A free-form description.
	#[arg(long, default_value = "")]
	metadata: String,
	/// An account (SS58) that may register the device's records besides the owner.
	#[arg(long)]
	gateway: Option<String>,
	/// Also put the device key into the keystore of the node at `--node`, so that node's
	/// gateway worker can sign the device's records.
	#[arg(long)]
	to_gateway: bool,
}

#[derive(Subcommand)]
enum DataCommand {
	/// Encrypts FILE to your Umbral key, uploads it to IPFS and registers it; prints the
	/// record id (DEVICE:INTERVAL).
	Put {
		/// The file.
		file: PathBuf,
		/// The device the data is registered under (its key must be in the keys file).
		#[arg(long)]
		device: DeviceId,
		/// The interval [default: the one that closed last].
		#[arg(long)]
		interval: Option<u64>,
	},
	/// Fetches a record from IPFS, checks its hash and decrypts it.
	Get {
		/// The record, DEVICE:INTERVAL.
		record: RecordId,
		/// Write the plaintext here instead of standard output.
		#[arg(long)]
		out: Option<PathBuf>,
		/// The blob holds a gateway's readings: print them one per line as JSON, with
		/// whether each device signature verifies.
		#[arg(long)]
		readings: bool,
	},
	/// Lists your records.
	Ls {
		/// Only this device's.
		#[arg(long)]
		device: Option<DeviceId>,
	},
	/// Removes one of your records and releases its deposit.
	Rm {
		/// The record, DEVICE:INTERVAL.
		record: RecordId,
	},
}

#[tokio::main]
async fn main() -> ExitCode {
	let cli = Cli::parse();
	match run(cli).await {
		Ok(()) => ExitCode::SUCCESS,
		Err(error) => {
			eprintln!("error: {error}");
			ExitCode::FAILURE
		}
	}
}

/// The keys file and the signing account.
struct Session {
	keys: KeyFile,
	path: PathBuf,
	account: sr25519::Pair,
}

fn session(cli: &Cli) -> Result<Session, Error> {
	let path = cli.keys.clone().unwrap_or_else(keys::default_path);
	let keys = KeyFile::load(&path)?;
	let account = match &cli.suri {
		Some(suri) => keys::pair_from_uri(suri)?,
		None => keys.account()?,
	};
	Ok(Session { keys, path, account })
}

async fn run(cli: Cli) -> Result<(), Error> {
	match &cli.command {
		Command::Keys(KeysCommand::Generate { force }) => {
			let path = cli.keys.clone().unwrap_or_else(keys::default_path);
			if path.exists() && !force {
				return Err(Error::Other(format!(
					"{} exists; pass --force to replace it (its keys are lost)",
					path.display()
				)));
			}
			let keys = KeyFile::generate();
			keys.save(&path)?;
			eprintln!("wrote {}", path.display());
			println!("{}", keys::address(&keys.account()?));
		}
		Command::Keys(KeysCommand::Show) => {
			let session = session(&cli)?;
			println!("account {}", keys::address(&session.account));
			println!("umbral 0x{}", hex::encode(session.keys.umbral_public()?.0));
			for device in session.keys.devices.keys() {
				println!("device {device}");
			}
		}
		Command::Keys(KeysCommand::Publish) => {
			let session = session(&cli)?;
			let chain = Chain::connect(&cli.node).await?;
			let key = session.keys.umbral_public()?;
			let call =
				RuntimeCall::DataRegistry(pallet_data_registry::Call::set_umbral_key { key });
			chain.submit(&session.account, call).await?;
			println!("0x{}", hex::encode(key.0));
		}
		Command::Device(DeviceCommand::Register(args)) => {
			let mut session = session(&cli)?;
			let chain = Chain::connect(&cli.node).await?;
			let gateway = args.gateway.as_deref().map(parse_account).transpose()?;
			let new = device::NewDevice {
				interval_length_ms: args.interval_ms,
				kind: args.kind.clone().into_bytes(),
				metadata: args.metadata.clone().into_bytes(),
				gateway,
			};
			let id = device::register(&chain, &mut session.keys, &session.account, new).await?;
			session.keys.save(&session.path)?;
			if args.to_gateway {
				device::hand_to_gateway(&chain, &session.keys, id).await?;
				eprintln!("device key put into the keystore of {}", cli.node);
			}
			println!("{id}");
		}
		Command::Device(DeviceCommand::Ls) => {
			let session = session(&cli)?;
			let chain = Chain::connect(&cli.node).await?;
			let mut devices = chain.devices_of(&account_of(session.account.public())).await?;
			devices.sort();
			for id in devices {
				let entry = chain.device(id).await?;
				println!(
					"{id} kind={} interval={}ms key={} gateway={}",
					String::from_utf8_lossy(&entry.kind),
					entry.interval_length_ms,
					entry.key.to_ss58check(),
					entry.gateway.map(|g| g.to_ss58check()).unwrap_or_else(|| "-".into()),
				);
			}
		}
		Command::Device(DeviceCommand::ToGateway { device }) => {
			let session = session(&cli)?;
			let chain = Chain::connect(&cli.node).await?;
			device::hand_to_gateway(&chain, &session.keys, *device).await?;
			println!("{device}");
		}
		Command::Device(DeviceCommand::Send { device, readings, timestamp_ms }) => {
			let session = session(&cli)?;
			let chain = Chain::connect(&cli.node).await?;
			let start = timestamp_ms.unwrap_or_else(now_ms);
			let readings = readings
				.iter()
				.enumerate()
				.map(|(n, payload)| (start + n as u64, payload.clone().into_bytes()))
				.collect();
			let stored = device::send_readings(&chain, &session.keys, *device, readings).await?;
			println!("{stored}");
		}
		Command::Data(DataCommand::Put { file, device, interval }) => {
			let session = session(&cli)?;
			let plaintext = std::fs::read(file).map_err(|e| Error::Io(file.clone(), e))?;
			let chain = Chain::connect(&cli.node).await?;
			let ipfs = Ipfs::connect(&cli.ipfs, !cli.quiet).await?;
			let record = data::put(
				&chain,
				&ipfs,
				&session.keys,
				&session.account,
				*device,
				*interval,
				&plaintext,
			)
			.await?;
			println!("{record}");
		}
		Command::Data(DataCommand::Get { record, out, readings }) => {
			let session = session(&cli)?;
			let chain = Chain::connect(&cli.node).await?;
			let ipfs = Ipfs::connect(&cli.ipfs, !cli.quiet).await?;
			let reader = account_of(session.account.public());
			let plaintext = data::get(&chain, &ipfs, &session.keys, &reader, *record).await?;
			if *readings {
				let key = chain.device(record.device).await?.key;
				for (reading, verified) in
					data::readings(&chain.genesis, record.device, &key, &plaintext)?
				{
					let line = serde_json::json!({
						"timestampMs": reading.timestamp_ms,
						"payload": String::from_utf8_lossy(&reading.payload),
						"verified": verified,
					});
					println!("{line}");
				}
			} else {
				match out {
					Some(path) => {
						std::fs::write(path, &plaintext).map_err(|e| Error::Io(path.clone(), e))?
					}
					None => {
						use std::io::Write;
						std::io::stdout()
							.write_all(&plaintext)
							.map_err(|e| Error::Io("stdout".into(), e))?;
					}
				}
			}
		}
		Command::Data(DataCommand::Ls { device }) => {
			let session = session(&cli)?;
			let chain = Chain::connect(&cli.node).await?;
			let owner = account_of(session.account.public());
			for (id, record) in data::list(&chain, &owner, *device).await? {
				println!(
					"{id} cid={} size={} block={}",
					record.cid.to_text(),
					record.size,
					record.registered_at
				);
			}
		}
		Command::Data(DataCommand::Rm { record }) => {
			let session = session(&cli)?;
			let chain = Chain::connect(&cli.node).await?;
			data::remove(&chain, &session.account, *record).await?;
			println!("{record}");
		}
		Command::Gateway(command) => {
			let chain = Chain::connect(&cli.node).await?;
			match command {
				GatewayCommand::Batches => {
					for batch in chain.gateway_batches().await? {
						println!("{batch}");
					}
				}
				GatewayCommand::Retry { record } => {
					chain.gateway_dead_letter("gateway_retryBatch", *record).await?;
					println!("{record}");
				}
				GatewayCommand::Drop { record } => {
					chain.gateway_dead_letter("gateway_dropBatch", *record).await?;
					println!("{record}");
				}
			}
		}
		Command::Market(command) => market_command(&cli, command).await?,
		Command::Grant(command) => grant_command(&cli, command).await?,
		Command::Proxy(ProxyCommand::Run { journal, schedule }) => {
			let session = session(&cli)?;
			let journal = journal.clone().unwrap_or_else(|| {
				let name = format!("proxy-journal-{}.json", keys::address(&session.account));
				session.path.with_file_name(name)
			});
			let mut proxy = proxy::Proxy::new(
				session.account.clone(),
				session.keys.clone(),
				proxy::Journal::open(&journal)?,
			);
			eprintln!("serving as proxy {}", keys::address(&session.account));
			worker::run(&cli.node, every(schedule), schedule.once, &mut proxy).await?;
		}
	}
	Ok(())
}

async fn market_command(cli: &Cli, command: &MarketCommand) -> Result<(), Error> {
	let session = session(cli)?;
	let chain = Chain::connect(&cli.node).await?;
	let me = account_of(session.account.public());
	match command {
		MarketCommand::List { mine } => {
			for (id, listing) in market::listings(&chain, mine.then_some(&me)).await? {
				let offer = match &listing.offer {
					Offer::Stream { device, price_per_interval } => {
						format!("stream device={device} price_per_interval={price_per_interval}")
					}
					Offer::Records { records, price } => format!(
						"records={} price={price}",
						records.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(",")
					),
				};
				println!(
					"{id} owner={} {offer} expires_at={} max_buyers={} buyers={}",
					listing.owner.to_ss58check(),
					optional(listing.terms.expires_at),
					optional(listing.terms.max_buyers),
					listing.buyers
				);
			}
		}
		MarketCommand::Sell { device, records, terms } => {
			let offer = match device {
				Some(device) => Offer::Stream { device: *device, price_per_interval: terms.price },
				None if records.is_empty() => {
					return Err(Error::Other("say what to sell: --device or --record".into()))
				}
				None => Offer::Records {
					records: records
						.clone()
						.try_into()
						.map_err(|_| Error::Other("too many records for one listing".into()))?,
					price: terms.price,
				},
			};
			let (terms, approver) = terms_of(terms)?;
			println!("{}", market::sell(&chain, &session.account, offer, terms, approver).await?);
		}
		MarketCommand::Update { listing, terms: args } => {
			let (terms, approver) = terms_of(args)?;
			let call = pallet_access_grants::Call::update_listing {
				listing: *listing,
				price: args.price,
				terms,
				approver,
			};
			market::send(&chain, &session.account, call).await?;
			println!("{listing}");
		}
		MarketCommand::Delist { listing } => {
			let call = pallet_access_grants::Call::delist { listing: *listing };
			market::send(&chain, &session.account, call).await?;
			println!("{listing}");
		}
		MarketCommand::Buy { listing, from, to, budget } => {
			let entry = chain.listing(*listing).await?;
			let intervals = from.map(|from| (from, *to));
			let escrow = market::escrow_for(&entry, intervals, *budget)?;
			let request =
				market::buy(&chain, &session.account, *listing, intervals, escrow).await?;
			eprintln!("{escrow} held in escrow");
			println!("{request}");
		}
		MarketCommand::Purchases => {
			for (id, purchase) in market::purchases(&chain, &me).await? {
				match purchase {
					Purchase::Pending(request) => println!(
						"{id} pending listing={} {} escrow={} expires_at={}",
						request.listing,
						coverage(&request.coverage),
						request.escrow,
						request.expires_at
					),
					Purchase::Granted(grant) => println!(
						"{id} granted listing={} {} escrow={} settled={} threshold={}/{}",
						grant.listing,
						coverage(&grant.coverage),
						grant.escrow,
						grant.settled,
						grant.threshold,
						grant.proxies.len()
					),
				}
			}
		}
		MarketCommand::Requests => {
			for (id, request) in market::requests(&chain, &me).await? {
				println!(
					"{id} listing={} buyer={} {} escrow={} expires_at={}",
					request.listing,
					request.buyer.to_ss58check(),
					coverage(&request.coverage),
					request.escrow,
					request.expires_at
				);
			}
		}
	}
	Ok(())
}

async fn grant_command(cli: &Cli, command: &GrantCommand) -> Result<(), Error> {
	let session = session(cli)?;
	let send = |call| async {
		let chain = Chain::connect(&cli.node).await?;
		market::send(&chain, &session.account, call).await
	};
	match command {
		GrantCommand::Approve { request, proxies } => {
			let chain = Chain::connect(&cli.node).await?;
			let chosen = market::approve(
				&chain,
				&session.account,
				&session.keys,
				*request,
				proxies.threshold,
				proxy_choice(proxies)?,
			)
			.await?;
			for proxy in chosen {
				println!("{}", proxy.to_ss58check());
			}
		}
		GrantCommand::Reject { request } => {
			send(pallet_access_grants::Call::reject_request { request: *request }).await?;
			println!("{request}");
		}
		GrantCommand::Revoke { grant } => {
			send(pallet_access_grants::Call::revoke_grant { grant: *grant }).await?;
			println!("{grant}");
		}
		GrantCommand::Close { grant } => {
			send(pallet_access_grants::Call::close_grant { grant: *grant }).await?;
			println!("{grant}");
		}
		GrantCommand::TopUp { grant, amount } => {
			send(pallet_access_grants::Call::top_up { grant: *grant, amount: *amount }).await?;
			println!("{grant}");
		}
		GrantCommand::Show { grant } => {
			let chain = Chain::connect(&cli.node).await?;
			let entry = chain
				.grant(*grant)
				.await?
				.ok_or_else(|| Error::Other(format!("there is no live grant {grant}")))?;
			println!("owner {}", entry.owner.to_ss58check());
			println!("buyer {}", entry.buyer.to_ss58check());
			println!("covers {}", coverage(&entry.coverage));
			println!("threshold {}", entry.threshold);
			println!("escrow {}", entry.escrow);
			println!("settled {}", entry.settled);
			for proxy in &entry.proxies {
				println!("proxy {} delivered={}", proxy.account.to_ss58check(), proxy.delivered);
			}
		}
		GrantCommand::Auto { owner, proxies, schedule } => {
			if !proxies.proxy.is_empty() {
				return Err(Error::Other("auto-approval draws its proxies: use --proxies".into()));
			}
			eprintln!("approving requests as {}", keys::address(&session.account));
			let owner = match owner {
				Some(owner) => parse_account(owner)?,
				None => account_of(session.account.public()),
			};
			let mut approver = market::AutoApprover {
				approver: session.account.clone(),
				owner,
				owner_keys: session.keys.clone(),
				threshold: proxies.threshold,
				shares: proxies.proxies,
			};
			worker::run(&cli.node, every(schedule), schedule.once, &mut approver).await?;
		}
	}
	Ok(())
}

fn proxy_choice(args: &ProxyArgs) -> Result<ProxyChoice, Error> {
	if args.proxy.is_empty() {
		return Ok(ProxyChoice::Random(args.proxies));
	}
	args.proxy
		.iter()
		.map(|text| parse_account(text))
		.collect::<Result<_, _>>()
		.map(ProxyChoice::Named)
}

fn terms_of(args: &TermsArgs) -> Result<(Terms<BlockNumber>, Option<AccountId>), Error> {
	let approver = args.approver.as_deref().map(parse_account).transpose()?;
	Ok((Terms { expires_at: args.expires_at, max_buyers: args.max_buyers }, approver))
}

fn coverage(coverage: &Coverage) -> String {
	match coverage {
		Coverage::Intervals { device, first, last: Some(last) } => {
			format!("device={device} intervals={first}..={last}")
		}
		Coverage::Intervals { device, first, last: None } => {
			format!("device={device} intervals={first}..")
		}
		Coverage::Records(records) => format!(
			"records={}",
			records.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(",")
		),
	}
}

fn optional<T: std::fmt::Display>(value: Option<T>) -> String {
	value.map(|v| v.to_string()).unwrap_or_else(|| "-".into())
}

fn every(schedule: &Schedule) -> std::time::Duration {
	std::time::Duration::from_millis(schedule.every_ms.max(100))
}

fn parse_account(text: &str) -> Result<AccountId, Error> {
	AccountId::from_ss58check(text).map_err(|e| Error::Other(format!("bad account {text}: {e:?}")))
}

fn now_ms() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}
