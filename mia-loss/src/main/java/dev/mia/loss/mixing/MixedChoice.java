package dev.mia.loss.mixing;

/** Which pair set a Mixed-DPO step trains on. */
public enum MixedChoice {
  /** The offline (external) pairs {@code (y+, y-)}. */
  OFFLINE,
  /** The online (policy-sampled) pairs {@code (y~+, y~-)}. */
  ONLINE
}
