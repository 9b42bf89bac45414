#!/usr/bin/python3
"""Exports the TorchScript fixtures of dev.mia.core.model.torchscript and prints golden numbers.

Run with Debian's PyTorch (package python3-torch, torch 1.13):

    /usr/bin/python3 mia-core/src/test/python/export_torchscript_fixture.py

It writes, into mia-core/src/test/resources/dev/mia/core/model/torchscript/:

- tiny_lvlm.pt      a tiny vision-language model (random weights, seed 0) that follows the
                    contract of TorchScriptVisionLanguageModel (see its javadoc)
- tokenizer.json    its word-level vocabulary, in the Hugging Face tokenizers format
- hidden_lvlm.pt    tiny_lvlm.pt's weights, also returning the final hidden states (the optional
                    last output of the contract; head.weight and head.bias project them)
- padded_vocab_lvlm.pt
                    tiny_lvlm.pt's weights with the head padded to 64 logits (13 extra rows)
- bf16_lvlm.pt      a weightless model whose outputs are bfloat16
- only_logits.pt, wrong_vocab.pt, rank2_logits.pt, nan_logits.pt
                    weightless models that break the contract, for the error tests

and prints the numbers the Java tests compare against (TorchScriptVisionLanguageModelTest quotes
them). The Java side never runs Python: the tests load the committed files.
"""

import json
import math
import os
import re
from typing import List, Tuple

import torch
from torch import Tensor, nn

OUT = os.environ.get("MIA_FIXTURE_OUT") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "resources", "dev", "mia", "core", "model", "torchscript")
PADDED_V = 64  # padded_vocab_lvlm.pt: a head wider than the tokenizer, as LLaVA-1.5's 32064

SPECIALS = ["<pad>", "<unk>", "<s>", "</s>", "<image>"]
WORDS = [
    "USER", "ASSISTANT", ":", "what", "color", "shape", "is", "are", "the", "a", "?", ".", ",",
    "red", "green", "blue", "yellow", "circle", "square", "triangle", "there", "in", "image",
    "picture", "yes", "no", "how", "many", "one", "two", "three", "left", "right", "top", "bottom",
    "of", "and", "it", "describe", "small", "big", "this", "objects", "which", "1", "2",
]
VOCAB = SPECIALS + WORDS
V = len(VOCAB)
IDS = {w: i for i, w in enumerate(VOCAB)}
PAD, UNK, BOS, EOS, IMG = 0, 1, 2, 3, 4
D, LAYERS, HEADS, PATCH, SIDE, MAX_POS = 32, 2, 2, 4, 16, 64
GRID = SIDE // PATCH
MEAN = torch.tensor([0.48145466, 0.4578275, 0.40821073], dtype=torch.float32)
STD = torch.tensor([0.26862954, 0.26130258, 0.27577711], dtype=torch.float32)


class Block(nn.Module):
    """Pre-norm decoder block with hand-written attention that returns its probabilities."""

    def __init__(self):
        super().__init__()
        self.d = D
        self.heads = HEADS
        self.norm1 = nn.LayerNorm(D)
        self.qkv = nn.Linear(D, 3 * D)
        self.out = nn.Linear(D, D)
        self.norm2 = nn.LayerNorm(D)
        self.mlp1 = nn.Linear(D, 2 * D)
        self.mlp2 = nn.Linear(2 * D, D)

    def forward(self, x: Tensor, bias: Tensor) -> Tuple[Tensor, Tensor]:
        b, s, _ = x.shape
        d, h = self.d, self.heads
        q, k, v = self.qkv(self.norm1(x)).split(d, dim=2)
        q = q.reshape(b, s, h, d // h).transpose(1, 2)
        k = k.reshape(b, s, h, d // h).transpose(1, 2)
        v = v.reshape(b, s, h, d // h).transpose(1, 2)
        scores = q @ k.transpose(2, 3) / math.sqrt(d // h) + bias.unsqueeze(1)
        probs = torch.softmax(scores, dim=-1)
        x = x + self.out((probs @ v).transpose(1, 2).reshape(b, s, d))
        x = x + self.mlp2(torch.nn.functional.gelu(self.mlp1(self.norm2(x))))
        return x, probs


class TinyLvlm(nn.Module):
    """The contract: see TorchScriptVisionLanguageModel's javadoc."""

    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(V, D)
        self.pos = nn.Embedding(MAX_POS, D)
        self.patch = nn.Conv2d(3, D, PATCH, stride=PATCH)
        self.proj = nn.Linear(D, D)
        self.block0 = Block()
        self.block1 = Block()
        self.norm = nn.LayerNorm(D)
        self.head = nn.Linear(D, V)

    def forward(self, input_ids: Tensor, attention_mask: Tensor, pixel_values: Tensor,
                image_positions: Tensor, key_mask: Tensor) -> Tuple[Tensor, Tuple[Tensor, Tensor]]:
        b, s = input_ids.shape
        x = self.tok(input_ids) + self.pos(torch.arange(s)).unsqueeze(0)
        feats = self.proj(self.patch(pixel_values).flatten(2).transpose(1, 2))  # [N, P, D]
        tokens = feats.shape[1]
        for n in range(pixel_values.shape[0]):
            row = int(image_positions[n, 0])
            start = int(image_positions[n, 1])
            x[row, start:start + tokens] = feats[n] + self.pos(torch.arange(start, start + tokens))
        causal = torch.ones(s, s, dtype=torch.bool).tril().unsqueeze(0)
        keys = ((attention_mask > 0) & (key_mask > 0.5)).unsqueeze(1)
        allowed = (causal & keys) | torch.eye(s, dtype=torch.bool).unsqueeze(0)
        bias = torch.zeros(b, s, s).masked_fill(~allowed, float("-inf"))
        x, a0 = self.block0(x, bias)
        x, a1 = self.block1(x, bias)
        return self.head(self.norm(x)), (a0, a1)


class HiddenLvlm(TinyLvlm):
    """TinyLvlm that also returns its final hidden states [B, S, D], the input of its head."""

    def forward(self, input_ids: Tensor, attention_mask: Tensor, pixel_values: Tensor,
                image_positions: Tensor, key_mask: Tensor
                ) -> Tuple[Tensor, Tuple[Tensor, Tensor], Tensor]:
        b, s = input_ids.shape
        x = self.tok(input_ids) + self.pos(torch.arange(s)).unsqueeze(0)
        feats = self.proj(self.patch(pixel_values).flatten(2).transpose(1, 2))
        tokens = feats.shape[1]
        for n in range(pixel_values.shape[0]):
            row = int(image_positions[n, 0])
            start = int(image_positions[n, 1])
            x[row, start:start + tokens] = feats[n] + self.pos(torch.arange(start, start + tokens))
        causal = torch.ones(s, s, dtype=torch.bool).tril().unsqueeze(0)
        keys = ((attention_mask > 0) & (key_mask > 0.5)).unsqueeze(1)
        allowed = (causal & keys) | torch.eye(s, dtype=torch.bool).unsqueeze(0)
        bias = torch.zeros(b, s, s).masked_fill(~allowed, float("-inf"))
        x, a0 = self.block0(x, bias)
        x, a1 = self.block1(x, bias)
        hidden = self.norm(x)
        return self.head(hidden), (a0, a1), hidden


def causal_uniform(b: int, s: int, attention_mask: Tensor) -> Tensor:
    allowed = torch.ones(s, s).tril().unsqueeze(0) * attention_mask.unsqueeze(1).float()
    allowed = allowed + torch.eye(s).unsqueeze(0) * (allowed.sum(-1, keepdim=True) == 0)
    return (allowed / allowed.sum(-1, keepdim=True)).unsqueeze(1)


class Bf16Lvlm(nn.Module):
    """Weightless: logits[b, s, v] = 3 sin(1.3 id + 0.7 v), returned as bfloat16 with one layer
    of uniform causal attention (one head)."""

    def __init__(self):
        super().__init__()
        self.v = V

    def forward(self, input_ids: Tensor, attention_mask: Tensor, pixel_values: Tensor,
                image_positions: Tensor, key_mask: Tensor) -> Tuple[Tensor, Tuple[Tensor]]:
        b, s = input_ids.shape
        vocab = torch.arange(self.v).float()
        logits = 3.0 * torch.sin(1.3 * input_ids.float().unsqueeze(-1) + 0.7 * vocab)
        attention = causal_uniform(b, s, attention_mask)
        return logits.to(torch.bfloat16), (attention.to(torch.bfloat16),)


class OnlyLogits(nn.Module):
    def __init__(self):
        super().__init__()
        self.v = V
        self.heads = HEADS

    def forward(self, input_ids: Tensor, attention_mask: Tensor, pixel_values: Tensor,
                image_positions: Tensor, key_mask: Tensor) -> Tensor:
        b, s = input_ids.shape
        return torch.zeros(b, s, self.v)


class WrongVocab(nn.Module):
    def __init__(self):
        super().__init__()
        self.v = V
        self.heads = HEADS

    def forward(self, input_ids: Tensor, attention_mask: Tensor, pixel_values: Tensor,
                image_positions: Tensor, key_mask: Tensor) -> Tuple[Tensor, Tuple[Tensor, Tensor]]:
        b, s = input_ids.shape
        a = causal_uniform(b, s, attention_mask).expand(b, self.heads, s, s)
        return torch.zeros(b, s, 7), (a, a)


class Rank2Logits(nn.Module):
    def __init__(self):
        super().__init__()
        self.v = V
        self.heads = HEADS

    def forward(self, input_ids: Tensor, attention_mask: Tensor, pixel_values: Tensor,
                image_positions: Tensor, key_mask: Tensor) -> Tuple[Tensor, Tuple[Tensor, Tensor]]:
        b, s = input_ids.shape
        a = causal_uniform(b, s, attention_mask).expand(b, self.heads, s, s)
        return torch.zeros(b, s * self.v), (a, a)


class NanLogits(nn.Module):
    def __init__(self):
        super().__init__()
        self.v = V
        self.heads = HEADS

    def forward(self, input_ids: Tensor, attention_mask: Tensor, pixel_values: Tensor,
                image_positions: Tensor, key_mask: Tensor) -> Tuple[Tensor, Tuple[Tensor, Tensor]]:
        b, s = input_ids.shape
        a = causal_uniform(b, s, attention_mask).expand(b, self.heads, s, s)
        return torch.full((b, s, self.v), float("nan")), (a, a)


# ---- the Java side's input building, restated for the golden numbers ----

def words(text: str) -> List[int]:
    """Word-level tokenizer: Hugging Face's Whitespace pre-tokenizer (\\w+|[^\\w\\s]+)."""
    return [IDS.get(w, UNK) for w in re.findall(r"\w+|[^\w\s]+", text)]


def prompt_ids(question: str) -> Tuple[List[int], List[int]]:
    """Template 'USER: {question} ASSISTANT:' with BOS; each <image> becomes 16 image ids.
    Returns the ids and the start of each image."""
    text = "USER: " + question + " ASSISTANT:"
    ids = [BOS]
    starts = []
    pieces = text.split("<image>")
    for i, piece in enumerate(pieces):
        if i > 0:
            starts.append(len(ids))
            ids += [IMG] * (GRID * GRID)
        ids += words(piece)
    return ids, starts


def test_image(shift: int) -> Tensor:
    """Pixel (x, y) = ((16 x + shift) mod 256, (16 y) mod 256, (8 (x + y)) mod 256), normalised."""
    img = torch.zeros(3, SIDE, SIDE, dtype=torch.float32)
    for y in range(SIDE):
        for x in range(SIDE):
            rgb = ((16 * x + shift) % 256, (16 * y) % 256, (8 * (x + y)) % 256)
            for c in range(3):
                img[c, y, x] = rgb[c]
    return (img / 255.0 - MEAN[:, None, None]) / STD[:, None, None]


def batch_inputs(rows, hidden_images=False):
    """rows: list of (ids, image_starts, images). Right-pads with <pad>."""
    s = max(len(r[0]) for r in rows)
    ids = torch.full((len(rows), s), PAD, dtype=torch.long)
    mask = torch.zeros(len(rows), s, dtype=torch.long)
    keys = torch.ones(len(rows), s, dtype=torch.float32)
    pixels, positions = [], []
    for b, (row_ids, starts, images) in enumerate(rows):
        ids[b, :len(row_ids)] = torch.tensor(row_ids)
        mask[b, :len(row_ids)] = 1
        for start, image in zip(starts, images):
            pixels.append(image)
            positions.append([b, start])
            if hidden_images:
                keys[b, start:start + GRID * GRID] = 0
    pixel_values = torch.stack(pixels) if pixels else torch.zeros(0, 3, SIDE, SIDE)
    image_positions = torch.tensor(positions, dtype=torch.long).reshape(-1, 2)
    return ids, mask, pixel_values, image_positions, keys


def answer_log_probs(model, rows, answers, hidden_images=False):
    full = [(ids + a, st, im) for (ids, st, im), a in zip(rows, answers)]
    logits, attentions = model(*batch_inputs(full, hidden_images))
    logits = logits.float()
    out = []
    for b, ((ids, _, _), a) in enumerate(zip(rows, answers)):
        lp = torch.log_softmax(logits[b, len(ids) - 1:len(ids) - 1 + len(a)], dim=-1)
        out.append([lp[t, a[t]].item() for t in range(len(a))])
    return out, attentions


def fmt(values) -> str:
    return ", ".join(repr(float(v)) for v in values)


def main():
    torch.manual_seed(0)
    os.makedirs(OUT, exist_ok=True)
    model = TinyLvlm().eval()
    with torch.no_grad():
        for p in model.parameters():  # larger weights than the default, so that logits vary
            p.mul_(2.0)
    scripted = torch.jit.script(model)
    scripted.save(os.path.join(OUT, "tiny_lvlm.pt"))
    for name, module in [("bf16_lvlm.pt", Bf16Lvlm()), ("only_logits.pt", OnlyLogits()),
                         ("wrong_vocab.pt", WrongVocab()), ("rank2_logits.pt", Rank2Logits()),
                         ("nan_logits.pt", NanLogits())]:
        torch.jit.script(module.eval()).save(os.path.join(OUT, name))
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": IDS[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True} for t in SPECIALS],
        "normalizer": None,
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": None,
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": IDS, "unk_token": "<unk>"},
    }
    with open(os.path.join(OUT, "tokenizer.json"), "w") as f:
        json.dump(tokenizer, f, indent=1)
        f.write("\n")

    hidden_model = HiddenLvlm().eval()
    hidden_model.load_state_dict(model.state_dict())
    torch.jit.script(hidden_model).save(os.path.join(OUT, "hidden_lvlm.pt"))
    padded = TinyLvlm().eval()
    padded.load_state_dict(model.state_dict())
    torch.manual_seed(1)
    wide = nn.Linear(D, PADDED_V)
    with torch.no_grad():
        wide.weight[:V] = model.head.weight
        wide.bias[:V] = model.head.bias
        wide.bias[V:] = -1.0
    padded.head = wide
    torch.jit.script(padded).save(os.path.join(OUT, "padded_vocab_lvlm.pt"))

    loaded = torch.jit.load(os.path.join(OUT, "tiny_lvlm.pt"))
    q0 = "<image>\nwhat color is the circle?"
    q1 = "image 1: <image> image 2: <image> which image is this?"
    a0 = words("the circle is red.")
    a1 = words("2")
    p0, s0 = prompt_ids(q0)
    p1, s1 = prompt_ids(q1)
    rows = [(p0, s0, [test_image(0)]), (p1, s1, [test_image(0), test_image(128)])]
    print("prompt 0 ids:", p0, "image starts", s0)
    print("prompt 1 ids:", p1, "image starts", s1)
    print("answer 0 ids:", a0, "answer 1 ids:", a1)
    with torch.no_grad():
        lps, attentions = answer_log_probs(loaded, rows, [a0, a1])
        print("batch log-probs row 0:", fmt(lps[0]))
        print("batch log-probs row 1:", fmt(lps[1]))
        alone, _ = answer_log_probs(loaded, rows[1:], [a1])
        print("row 1 alone:", fmt(alone[0]))
        a = attentions[1][0, :, len(p0) - 1, s0[0]:s0[0] + GRID * GRID].sum(-1)
        print("layer 1 row 0 answer token 0 attention mass on image 0 per head:", fmt(a))
        hidden, hidden_att = answer_log_probs(loaded, rows, [a0, a1], hidden_images=True)
        print("all image tokens hidden, row 0:", fmt(hidden[0]))
        # greedy generation, KV-less: prompt 0, at most 6 new tokens, stop at </s>
        ids = list(p0)
        steps = []
        for _ in range(6):
            logits, _ = loaded(*batch_inputs([(ids, s0, [test_image(0)])]))
            lp = torch.log_softmax(logits[0, -1].float(), dim=-1)
            token = int(torch.argmax(lp))
            if token == EOS:
                break
            steps.append((token, lp[token].item()))
            ids.append(token)
        print("greedy tokens:", [t for t, _ in steps])
        print("greedy words:", " ".join(VOCAB[t] for t, _ in steps))
        print("greedy step log-probs:", fmt([l for _, l in steps]))
        hid = torch.jit.load(os.path.join(OUT, "hidden_lvlm.pt"))
        hlps, _ = answer_log_probs(lambda *a: hid(*a)[:2], rows, [a0, a1])
        print("hidden model log-probs row 0:", fmt(hlps[0]))
        _, _, h = hid(*batch_inputs([(p0 + a0, s0, [test_image(0)])]))
        print("hidden model row 0 hidden state predicting answer token 0, first 4:",
              fmt(h[0, len(p0) - 1, :4]))
        pad = torch.jit.load(os.path.join(OUT, "padded_vocab_lvlm.pt"))
        plps, _ = answer_log_probs(pad, rows, [a0, a1])
        print("padded vocabulary log-probs row 0:", fmt(plps[0]))
        print("padded vocabulary log-probs row 1:", fmt(plps[1]))
        bf16 = torch.jit.load(os.path.join(OUT, "bf16_lvlm.pt"))
        lps16, _ = answer_log_probs(bf16, rows[:1], [a0])
        print("bf16 model log-probs row 0:", fmt(lps16[0]))


if __name__ == "__main__":
    main()
