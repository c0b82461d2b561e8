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
	Error,
};
use cpchain_primitives::record::{DeviceId, RecordId};
use cpchain_runtime::{pallet_data_registry, AccountId, RuntimeCall};
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
			let plaintext = data::get(&chain, &ipfs, &session.keys, *record).await?;
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
	}
	Ok(())
}

fn parse_account(text: &str) -> Result<AccountId, Error> {
	AccountId::from_ss58check(text).map_err(|e| Error::Other(format!("bad account {text}: {e:?}")))
}

fn now_ms() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}
