//! IPFS through its RPC API (Kubo's, also served by js-ipfs), with progress bars.

use std::io::{Cursor, Read};

use futures::TryStreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use ipfs_api_backend_hyper::{request::Add, Form, IpfsApi, IpfsClient, TryFromUri};
use ipfs_api_prelude::Backend;

use crate::Error;

/// What `/api/v0/add` answers, as far as it is read.
#[derive(serde::Deserialize)]
struct Added {
	#[serde(rename = "Hash")]
	hash: String,
}

/// An IPFS node's RPC API.
pub struct Ipfs {
	client: IpfsClient,
	url: String,
	progress: bool,
}

/// Transfers smaller than this get no progress bar.
const PROGRESS_FROM_BYTES: usize = 256 << 10;

fn bar(total: usize, verb: &str) -> ProgressBar {
	let bar = ProgressBar::new(total as u64);
	let style = ProgressStyle::with_template(&format!(
		"{verb} {{bar:40}} {{bytes}}/{{total_bytes}} {{bytes_per_sec}} {{eta}}"
	))
	.unwrap_or_else(|_| ProgressStyle::default_bar());
	bar.set_style(style);
	bar
}

/// A reader that moves a progress bar as the upload consumes it.
struct Counted<R> {
	inner: R,
	bar: Option<ProgressBar>,
}

impl<R: Read> Read for Counted<R> {
	fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
		let n = self.inner.read(buf)?;
		if let Some(bar) = &self.bar {
			bar.inc(n as u64);
		}
		Ok(n)
	}
}

impl Ipfs {
	/// The API at `url` (`http://127.0.0.1:5001`); checks that it answers.
	pub async fn connect(url: &str, progress: bool) -> Result<Self, Error> {
		let client = IpfsClient::from_str(url)
			.map_err(|e| Error::IpfsUnreachable(url.into(), format!("bad URL: {e}")))?;
		client.version().await.map_err(|e| Error::IpfsUnreachable(url.into(), e.to_string()))?;
		Ok(Self { client, url: url.into(), progress })
	}

	/// Stores `blob` (pinned, CIDv1) and returns its CID.
	pub async fn add(&self, blob: Vec<u8>) -> Result<String, Error> {
		let bar = (self.progress && blob.len() >= PROGRESS_FROM_BYTES)
			.then(|| bar(blob.len(), "upload  "));
		let reader = Counted { inner: Cursor::new(blob), bar: bar.clone() };
		let options = Add { cid_version: Some(1), pin: Some(true), ..Default::default() };
		// `add_with_options` would read `Size` as a string, as Kubo writes it; js-ipfs writes
		// a number. Only the CID matters here, so read just that.
		let mut form = Form::default();
		form.add_reader("path", reader);
		let added: Added =
			self.client.request(options, Some(form)).await.map_err(|e| self.error(e))?;
		if let Some(bar) = bar {
			bar.finish_and_clear();
		}
		Ok(added.hash)
	}

	/// Fetches the blob `cid`; `expected` (bytes) sizes the progress bar.
	pub async fn cat(&self, cid: &str, expected: usize) -> Result<Vec<u8>, Error> {
		let bar =
			(self.progress && expected >= PROGRESS_FROM_BYTES).then(|| bar(expected, "download"));
		let mut blob = Vec::with_capacity(expected);
		let mut chunks = self.client.cat(cid);
		while let Some(chunk) = chunks.try_next().await.map_err(|e| self.error(e))? {
			if let Some(bar) = &bar {
				bar.inc(chunk.len() as u64);
			}
			blob.extend_from_slice(&chunk);
		}
		if let Some(bar) = bar {
			bar.finish_and_clear();
		}
		Ok(blob)
	}

	fn error(&self, error: ipfs_api_backend_hyper::Error) -> Error {
		match error {
			ipfs_api_backend_hyper::Error::Client(e) => {
				Error::IpfsUnreachable(self.url.clone(), e.to_string())
			}
			other => Error::Ipfs(other.to_string()),
		}
	}
}
