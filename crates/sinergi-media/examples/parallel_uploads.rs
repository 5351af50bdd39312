//! Processes one image file as N uploads at once, to measure the process's
//! peak memory from outside (not a test: no timing or memory is asserted).
//!
//! ```sh
//! cargo run --release -p sinergi-media --example parallel_uploads -- bomb.png 8
//! /usr/bin/time -v target/release/examples/parallel_uploads bomb.png 8 256 8
//! /usr/bin/time -v target/release/examples/parallel_uploads bomb.png 8 direct
//! ```
//!
//! Arguments: the file, how many uploads, then either the budget in MiB and
//! the job slots (default: the process-wide budget), or `direct` for plain
//! `process` calls on that many threads, outside any budget.
//! `make-bomb SIDE FILE` writes an all-black PNG of SIDE × SIDE pixels.
#![expect(clippy::print_stdout, reason = "an example reports on standard output")]

use std::io::Write;
use std::sync::Arc;

use sinergi_media::{ImageBudget, UploadLimits, Uploads, process};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("make-bomb") {
        let side: u32 = args[1].parse().expect("a side in pixels");
        std::fs::write(&args[2], black_png(side)).expect("the file is written");
        return;
    }
    let file = args.first().expect("an image file");
    let count: usize = args.get(1).map_or(8, |n| n.parse().expect("a count"));
    let bytes = std::fs::read(file).expect("the file is readable");
    let name = file.rsplit('/').next().unwrap_or(file).to_owned();
    if args.get(2).map(String::as_str) == Some("direct") {
        let threads: Vec<_> = (0..count)
            .map(|_| {
                let (bytes, name) = (bytes.clone(), name.clone());
                std::thread::spawn(move || process(&bytes, &name, "", &UploadLimits::default()))
            })
            .collect();
        for t in threads {
            report(t.join().expect("the thread ends"));
        }
        return;
    }
    let budget = match (args.get(2), args.get(3)) {
        (Some(mib), Some(jobs)) => {
            ImageBudget::new(mib.parse().expect("MiB"), jobs.parse().expect("job slots"))
        }
        _ => ImageBudget::shared(),
    };
    let uploads = Arc::new(Uploads::new(UploadLimits::default(), budget.clone()));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let jobs: Vec<_> = (0..count)
            .map(|_| {
                let (uploads, bytes, name) = (uploads.clone(), bytes.clone(), name.clone());
                tokio::spawn(async move { uploads.process(bytes, &name, "").await })
            })
            .collect();
        for job in jobs {
            report(job.await.expect("the task ends"));
        }
    });
    println!(
        "budget {} MiB, {} job slots; most reserved at once: {} MiB",
        budget.total_mib(),
        budget.max_jobs(),
        budget.most_held_mib()
    );
}

fn report(result: Result<sinergi_media::Processed, sinergi_media::UploadError>) {
    match result {
        Ok(p) => println!("processed {:?}×{:?}", p.width, p.height),
        Err(e) => println!("refused: {e}"),
    }
}

fn black_png(side: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().expect("a header");
    let mut stream = writer.stream_writer().expect("a stream");
    let row = vec![0u8; side as usize * 3];
    for _ in 0..side {
        stream.write_all(&row).expect("a row");
    }
    stream.finish().expect("the stream ends");
    writer.finish().expect("the file ends");
    out
}
