// Converts js-tiktoken's o200k_base rank table into the compact binary file embedded by
// proxy/tokenizer.cmake. Run once when the vocabulary changes:
//
//   npm install --prefix /tmp/jst js-tiktoken@1
//   node resources/tokenizer/convert-ranks.mjs /tmp/jst/node_modules/js-tiktoken/dist/ranks/o200k_base.js \
//        resources/tokenizer/o200k_base.bpe
//
// js-tiktoken stores bpe_ranks as lines "<first char> <offset> <base64 token> <base64 token> ...", the
// tokens of a line having consecutive ranks starting at <offset>. The output lists every token in
// rank order so the C++ side needs no base64 or text parsing:
//
//   8 bytes  magic "SYBPE001"
//   4 bytes  token count N (little endian)
//   N times  1 byte length L (1..255), then the L raw token bytes; the i-th record has rank i
//
// Special tokens (<|endoftext|>, ...) are not stored: counting treats them as ordinary text, like
// tiktoken's encode_ordinary.

import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [input, output] = process.argv.slice(2);
if (!input || !output) {
    console.error("usage: node convert-ranks.mjs <o200k_base.js> <output.bpe>");
    process.exit(2);
}

const table = (await import(pathToFileURL(input).href)).default;
const byRank = [];
for (const line of table.bpe_ranks.split("\n")) {
    if (!line)
        continue;
    const [, offsetText, ...tokens] = line.split(" ");
    const offset = Number.parseInt(offsetText, 10);
    tokens.forEach((token, i) => {
        byRank[offset + i] = Buffer.from(token, "base64");
    });
}

const chunks = [Buffer.from("SYBPE001", "latin1")];
const count = Buffer.alloc(4);
count.writeUInt32LE(byRank.length);
chunks.push(count);
const seen = new Set();
for (let rank = 0; rank < byRank.length; ++rank) {
    const bytes = byRank[rank];
    // The loader relies on dense ranks, short tokens and unique byte strings: fail loudly otherwise.
    if (bytes === undefined)
        throw new Error(`rank ${rank} is missing`);
    if (bytes.length === 0 || bytes.length > 255)
        throw new Error(`rank ${rank} has length ${bytes.length}`);
    const key = bytes.toString("latin1");
    if (seen.has(key))
        throw new Error(`rank ${rank} duplicates an earlier token`);
    seen.add(key);
    chunks.push(Buffer.from([bytes.length]), bytes);
}
writeFileSync(output, Buffer.concat(chunks));
console.log(`${byRank.length} tokens written to ${output}`);
