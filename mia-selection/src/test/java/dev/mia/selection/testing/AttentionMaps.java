package dev.mia.selection.testing;

/** Builds scripted attention maps {@code [H, T, K]} with a chosen key profile. */
public final class AttentionMaps {
  private AttentionMaps() {}

  /**
   * Every head and every row from 1 on puts {@code profile[k]} on key {@code k}; row 0 (the
   * prompt's last position, which the selector must ignore) puts all its mass on key {@code
   * decoyKey}.
   */
  public static float[][][] withProfile(int heads, int tokens, float[] profile, int decoyKey) {
    float[][][] maps = new float[heads][tokens][profile.length];
    for (int h = 0; h < heads; h++) {
      maps[h][0][decoyKey] = 1000f;
      for (int t = 1; t < tokens; t++) {
        maps[h][t] = profile.clone();
      }
    }
    return maps;
  }
}
