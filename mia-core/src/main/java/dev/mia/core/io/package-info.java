/**
 * Streaming readers and writers of mia's datasets.
 *
 * <h2>Input</h2>
 *
 * {@link dev.mia.core.io.DatasetReader} streams LLaVA instruction data, as a top-level JSON array
 * (LLaVA-665k's {@code llava_v1_5_mix665k.json}, parsed token by token, one record in memory at a
 * time) or as JSON lines, into {@link dev.mia.core.data.SftSample}s:
 *
 * <pre>{@code
 * [{"id": "000000033471", "image": "coco/train2017/000000033471.jpg", "conversations": [{"from": "human", "value": "<image>\nWhat are the colors of the bus in the image?"}, {"from": "gpt", "value": "The bus in the image is white and red."}]}, ...]
 * }</pre>
 *
 * and mia's own JSONL forms back into records. Bad input gets a typed error naming the file, line,
 * column and record (see {@link dev.mia.core.io.DatasetReader}); a bad record can be skipped and
 * reported instead ({@link dev.mia.core.io.OnBadRecord}).
 *
 * <h2>Output</h2>
 *
 * {@link dev.mia.core.io.JsonlWriter} writes JSON lines atomically (a {@code .partial} file renamed
 * onto the target on commit) and resumably (a rerun after a crash skips the ids already written and
 * produces the same bytes), in the shapes trainers read. One line of each (wrapped here):
 *
 * <ul>
 *   <li>TRL preference, standard ({@link dev.mia.core.io.TrlPairEncoder}, {@link
 *       dev.mia.core.io.TrlStyle#STANDARD}):
 *       <pre>{@code
 * {"id":"p1","prompt":"<image>\nWhat colour is the bus?","chosen":"Red.","rejected":"Blue.","images":["coco/1.jpg"]}
 * }</pre>
 *   <li>TRL preference, conversational ({@link dev.mia.core.io.TrlStyle#CONVERSATIONAL}):
 *       <pre>{@code
 * {"id":"p1","prompt":[{"role":"user","content":[{"type":"image"},{"type":"text","text":"\nWhat colour is the bus?"}]}],
 *  "chosen":[{"role":"assistant","content":[{"type":"text","text":"Red."}]}],
 *  "rejected":[{"role":"assistant","content":[{"type":"text","text":"Blue."}]}],"images":["coco/1.jpg"]}
 * }</pre>
 *   <li>LLaMA-Factory sharegpt pairwise ({@link dev.mia.core.io.SharegptPairEncoder}):
 *       <pre>{@code
 * {"id":"p1","conversations":[{"from":"human","value":"<image>\nWhat colour is the bus?"}],
 *  "chosen":{"from":"gpt","value":"Red."},"rejected":{"from":"gpt","value":"Blue."},"images":["coco/1.jpg"]}
 * }</pre>
 *   <li>mia's own lossless pair ({@link dev.mia.core.io.MiaPairCodec}):
 *       <pre>{@code
 * {"id":"p1","images":[{"path":"coco/1.jpg"}],"prompt":[{"from":"human","value":"<image>\nWhat colour is the bus?"}],
 *  "chosen":"Red.","rejected":"Blue.","token_weights":null,"weight":1.0,"provenance":{"source_ids":["coco-1"],"stages":[]}}
 * }</pre>
 *   <li>mia's own SFT sample ({@link dev.mia.core.io.MiaSftCodec}):
 *       <pre>{@code
 * {"id":"s1","images":[{"path":"coco/1.jpg","sha256":"9f86d0..."}],"conversations":[{"from":"human","value":"<image>\nWhat colour is the bus?"},{"from":"gpt","value":"Red."}]}
 * }</pre>
 *   <li>mia's own multi-image sample ({@link dev.mia.core.io.MiaMultiImageCodec}):
 *       <pre>{@code
 * {"id":"m1","images":[{"path":"grid/m1.png"}],"target_index":0,"layout":{"type":"grid","rows":1,"columns":2,"width":976,"height":528,"tiles":[...]},
 *  "conversations":[{"from":"human","value":"<image>\nIn Image1, what is on the table?"},{"from":"gpt","value":"A cup."}],"provenance":{"source_ids":["coco-7","coco-9"],"stages":[]}}
 * }</pre>
 * </ul>
 *
 * Every shape starts with {@code "id"}, which the trainers ignore and the writer needs to resume.
 * Images held only in memory cannot be written: save them first and refer to them by path.
 */
@NullMarked
package dev.mia.core.io;

import org.jspecify.annotations.NullMarked;
