package dev.mia.loss;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The per-pair preference losses of TRL's {@code DPOTrainer}, with {@code s_c, s_r} the
 * f-divergence scores of chosen and rejected, {@code Delta = s_c - s_r}, {@code rho} the
 * log-ratios, {@code beta} the temperature and {@code eps} the label smoothing. {@code -log
 * sigmoid(x)} is always computed as {@code softplus(-x)}.
 *
 * <p>TRL names: {@link #trlName(TrlVersion)} and {@link #fromTrlName(String, TrlVersion)} follow
 * TRL 0.24.0 ({@link TrlVersion#LEGACY_0_24}) and TRL 1.x ({@link TrlVersion#CURRENT}, read at
 * 1.10.0.dev0, commit f2cd577): the two differ only in {@link #AOT_PAIR} ({@code aot_pair} in 0.24,
 * {@code aot_unpaired} in 1.x) and in {@link #SIGMOID_NORM}, which TRL 0.24 does not have.
 */
public enum LossType {
  /**
   * DPO (Rafailov et al., arXiv 2305.18290): {@code -log sigmoid(beta Delta)}. With {@link
   * TrlVersion#LEGACY_0_24} and {@code eps > 0} this is cDPO (conservative DPO): {@code -(1-eps)
   * log sigmoid(beta Delta) - eps log sigmoid(-beta Delta)}; TRL 1.x's sigmoid ignores {@code
   * label_smoothing}, and so does {@link TrlVersion#CURRENT}.
   */
  SIGMOID("sigmoid"),
  /** SLiC hinge (arXiv 2305.10425): {@code relu(1 - beta Delta)}. */
  HINGE("hinge"),
  /**
   * IPO (arXiv 2310.12036, eq. 17): {@code (Delta' - 1/(2 beta))^2} with {@code Delta'} the
   * per-token averaged score difference (see {@link IpoNormalisation}).
   */
  IPO("ipo"),
  /**
   * Robust DPO (arXiv 2403.00409): {@code [-(1-eps) log sigmoid(beta Delta) + eps log sigmoid(-beta
   * Delta)] / (1 - 2 eps)}, {@code eps in [0, 0.5)}.
   */
  ROBUST("robust"),
  /**
   * EXO pair (arXiv 2402.00856, eq. 16): {@code q_w (log q_w - log(1-eps)) + q_l (log q_l - log
   * eps)} with {@code q_w = sigmoid(beta Delta)}, {@code q_l = sigmoid(-beta Delta)}; needs {@code
   * eps > 0} (the paper suggests 1e-3).
   */
  EXO_PAIR("exo_pair"),
  /**
   * NCA pair (arXiv 2402.05369): {@code -log sigmoid(beta s_c) - 0.5 log sigmoid(-beta s_c) - 0.5
   * log sigmoid(-beta s_r)}.
   */
  NCA_PAIR("nca_pair"),
  /**
   * BCO pair (arXiv 2404.04656): {@code -log sigmoid(beta s_c - delta) - log sigmoid(-(beta s_r -
   * delta))}, {@code delta} the running reward mean in TRL 0.24 and 0 in current TRL.
   */
  BCO_PAIR("bco_pair"),
  /** SPPO, hard labels (arXiv 2405.00675): {@code (s_c - 1/(2 beta))^2 + (s_r + 1/(2 beta))^2}. */
  SPPO_HARD("sppo_hard"),
  /**
   * AOT, paired (arXiv 2406.05882): sort {@code log pi(y_c) - log pi(y_r)} and the reference's
   * difference over the batch, {@code d} = sorted policy minus sorted reference, then {@code
   * -(1-eps) log sigmoid(beta d) - eps log sigmoid(-beta d)}.
   */
  AOT("aot"),
  /**
   * AOT, unpaired (TRL 0.24 {@code aot_pair}, current {@code aot_unpaired}): sort {@code rho_c} and
   * {@code rho_r} separately, {@code d} = their difference, then as {@link #AOT}.
   */
  AOT_PAIR("aot_pair"),
  /** APO-zero (arXiv 2408.06266, eq. 7): {@code 1 - sigmoid(beta rho_c) + sigmoid(beta rho_r)}. */
  APO_ZERO("apo_zero"),
  /** APO-down (arXiv 2408.06266, eq. 8): {@code sigmoid(beta rho_c) + 1 - sigmoid(beta Delta)}. */
  APO_DOWN("apo_down"),
  /**
   * DiscoPOP / LRML (arXiv 2406.08414, eq. 5): {@code l = beta Delta}, {@code m = sigmoid(l/tau)},
   * loss {@code (1-m)(-log sigmoid(l)) + m exp(-l)}; the last product is computed as {@code exp(-l
   * + log sigmoid(l/tau))} so it never overflows.
   */
  DISCOPOP("discopop"),
  /**
   * Length-normalised sigmoid (SimPO / Tulu 3 style, TRL current {@code sigmoid_norm}): {@code -log
   * sigmoid(beta (s_c/|y_c| - s_r/|y_r|))}; needs the lengths.
   */
  SIGMOID_NORM("sigmoid_norm"),
  /**
   * SFT term: the mean negative log-likelihood over all chosen tokens of the batch (TRL {@code
   * sft}; TRL 0.24's {@code rpo_alpha} is this term with weight alpha). Needs the chosen per-token
   * log-probabilities; the same value is reported for every pair.
   */
  SFT("sft");

  private final String trlName;

  LossType(String trlName) {
    this.trlName = trlName;
  }

  /**
   * Returns TRL's {@code loss_type} string (TRL 0.24's, where the versions differ).
   *
   * @return the TRL name
   */
  public String trlName() {
    return trlName;
  }

  /**
   * Returns the {@code loss_type} string of one TRL version: {@code aot_unpaired} for {@link
   * #AOT_PAIR} under {@link TrlVersion#CURRENT}, {@link #trlName()} otherwise ({@link
   * #SIGMOID_NORM} has no TRL 0.24 name and returns its TRL 1.x name {@code sigmoid_norm}).
   *
   * @param version the TRL version
   * @return the name
   */
  public String trlName(TrlVersion version) {
    requireNonNull(version, "version");
    return this == AOT_PAIR && version == TrlVersion.CURRENT ? "aot_unpaired" : trlName;
  }

  /**
   * Looks a type up by a TRL {@code loss_type} string of either version ({@code aot_pair} and
   * {@code aot_unpaired} both give {@link #AOT_PAIR}).
   *
   * @param name the TRL name
   * @return the type
   * @throws IllegalArgumentException if no TRL version has that name
   */
  public static LossType fromTrlName(String name) {
    requireNonNull(name, "name");
    if (name.equals("aot_unpaired")) {
      return AOT_PAIR;
    }
    for (LossType type : values()) {
      if (type.trlName.equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown TRL loss_type: '"
            + name
            + "'; known: "
            + Arrays.stream(values())
                .map(LossType::trlName)
                .collect(Collectors.joining(", ", "[", ", aot_unpaired]")));
  }

  /**
   * Looks a type up by the {@code loss_type} string of one TRL version, as that version's trainer
   * accepts it: TRL 0.24 knows {@code aot_pair} but neither {@code aot_unpaired} nor {@code
   * sigmoid_norm}; TRL 1.x knows {@code aot_unpaired} but not {@code aot_pair}.
   *
   * @param name the TRL name
   * @param version the TRL version
   * @return the type
   * @throws IllegalArgumentException if that version has no loss of that name
   */
  public static LossType fromTrlName(String name, TrlVersion version) {
    requireNonNull(name, "name");
    requireNonNull(version, "version");
    for (LossType type : values()) {
      if (type.trlName(version).equals(name)
          && !(type == SIGMOID_NORM && version == TrlVersion.LEGACY_0_24)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "TRL "
            + (version == TrlVersion.LEGACY_0_24 ? "0.24" : "1.x")
            + " has no loss_type '"
            + name
            + "'; it knows: "
            + Arrays.stream(values())
                .filter(t -> !(t == SIGMOID_NORM && version == TrlVersion.LEGACY_0_24))
                .map(t -> t.trlName(version))
                .collect(Collectors.joining(", ", "[", "]")));
  }
}
