//! How offchain workers (the data-registry gateway) build the transactions they send.

use codec::Encode;
use frame_system::offchain::{
	AppCrypto, CreateSignedTransaction, CreateTransactionBase, SigningTypes,
};
use sp_runtime::{generic::Era, traits::StaticLookup, SaturatedConversion};

use crate::{
	configs::system::BlockHashCount, tx_extension, AccountId, Nonce, Runtime, RuntimeCall,
	Signature, SignedPayload, System, UncheckedExtrinsic,
};

impl SigningTypes for Runtime {
	type Public = <Signature as sp_runtime::traits::Verify>::Signer;
	type Signature = Signature;
}

impl<C> CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> CreateSignedTransaction<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_signed_transaction<A: AppCrypto<Self::Public, Self::Signature>>(
		call: RuntimeCall,
		public: Self::Public,
		account: AccountId,
		nonce: Nonce,
	) -> Option<UncheckedExtrinsic> {
		// Mortal for as long as the block hash it names is kept.
		let period = BlockHashCount::get().checked_next_power_of_two().map_or(2, |p| p / 2);
		let current = System::block_number().saturated_into::<u64>().saturating_sub(1);
		let extension = tx_extension(nonce, Era::mortal(period.into(), current));
		let payload = SignedPayload::new(call, extension)
			.inspect_err(|error| log::warn!("offchain transaction not built: {error:?}"))
			.ok()?;
		let signature = payload.using_encoded(|bytes| A::sign(bytes, public))?;
		let (call, extension, _) = payload.deconstruct();
		let address = <Runtime as frame_system::Config>::Lookup::unlookup(account);
		Some(UncheckedExtrinsic::new_signed(call, address, signature, extension))
	}
}
