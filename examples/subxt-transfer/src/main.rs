//! A CPC transfer from Rust with subxt, configured as for any Polkadot chain
//! (`PolkadotConfig`, subxt-signer's development keys), nothing CPChain-specific:
//!
//! ```text
//! subxt-transfer <ws-url> <from> <to> <amount>
//! ```
//!
//! `from` and `to` are development accounts (`alice` … `ferdie`), `amount` is in the smallest
//! unit (10^-18 CPC). It asks the fee first (`TransactionPaymentApi`, as subxt does), submits,
//! waits for the best block that includes it, and prints one line of JSON: that block's hash
//! and the fee it was told. The end-to-end tests compare that fee with what was charged.

use subxt::{dynamic, tx::TransactionStatus, OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::{dev, Keypair};

fn dev_key(name: &str) -> Result<Keypair, String> {
	Ok(match name {
		"alice" => dev::alice(),
		"bob" => dev::bob(),
		"charlie" => dev::charlie(),
		"dave" => dev::dave(),
		"eve" => dev::eve(),
		"ferdie" => dev::ferdie(),
		other => return Err(format!("not a development account: {other}")),
	})
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
	let args: Vec<String> = std::env::args().skip(1).collect();
	let [url, from, to, amount] = &args[..] else {
		return Err("usage: subxt-transfer <ws-url> <from> <to> <amount>".into());
	};
	let (from, to) = (dev_key(from)?, dev_key(to)?);
	let amount: u128 = amount.parse()?;

	// A local node speaks plain ws://; any other URL must be wss://.
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(url).await?;
	let at = api.at_current_block().await?;
	let call = dynamic::tx(
		"Balances",
		"transfer_keep_alive",
		(to.public_key().to_address::<()>(), amount),
	);
	let signed = at.transactions().create_signed(&call, &from, Default::default()).await?;
	let estimate = signed.partial_fee_estimate().await?;
	let mut progress = signed.submit_and_watch().await?;
	while let Some(status) = progress.next().await {
		match status? {
			TransactionStatus::InBestBlock(in_block)
			| TransactionStatus::InFinalizedBlock(in_block) => {
				in_block.wait_for_success().await?;
				println!(
					"{{\"block\":\"{:?}\",\"estimate\":\"{estimate}\"}}",
					in_block.block_hash()
				);
				return Ok(());
			}
			TransactionStatus::Error { message }
			| TransactionStatus::Invalid { message }
			| TransactionStatus::Dropped { message } => return Err(message.into()),
			_ => {}
		}
	}
	Err("the node stopped reporting on the transaction".into())
}
