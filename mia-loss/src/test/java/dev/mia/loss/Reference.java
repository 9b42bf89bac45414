package dev.mia.loss;

import java.util.Arrays;

/**
 * Plain-Java float64 implementations of the published per-pair formulas (TRL current, reverse KL),
 * written independently of the NDArray code under test, to derive golden values.
 */
final class Reference {
  private Reference() {}

  static double logSigmoid(double x) {
    return x < 0 ? x - Math.log1p(Math.exp(x)) : -Math.log1p(Math.exp(-x));
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** Per-pair losses of one type; lengths and nll may be unused. */
  static double[] perPair(
      LossType type,
      double beta,
      double eps,
      double[] pc,
      double[] pr,
      double[] rc,
      double[] rr,
      double[] lc,
      double[] lr,
      double nll) {
    int n = pc.length;
    double[] out = new double[n];
    double[] sortedPolicy = new double[n];
    double[] sortedRef = new double[n];
    double[] sortedRhoC = new double[n];
    double[] sortedRhoR = new double[n];
    for (int i = 0; i < n; i++) {
      sortedPolicy[i] = pc[i] - pr[i];
      sortedRef[i] = rc[i] - rr[i];
      sortedRhoC[i] = pc[i] - rc[i];
      sortedRhoR[i] = pr[i] - rr[i];
    }
    Arrays.sort(sortedPolicy);
    Arrays.sort(sortedRef);
    Arrays.sort(sortedRhoC);
    Arrays.sort(sortedRhoR);
    for (int i = 0; i < n; i++) {
      double c = pc[i] - rc[i];
      double r = pr[i] - rr[i];
      double d = c - r;
      double l = beta * d;
      switch (type) {
        case SIGMOID:
          // TRL 1.x's sigmoid ignores label_smoothing.
          out[i] = -logSigmoid(l);
          break;
        case HINGE:
          out[i] = Math.max(0, 1 - l);
          break;
        case IPO:
          out[i] = Math.pow(c / lc[i] - r / lr[i] - 1 / (2 * beta), 2);
          break;
        case ROBUST:
          out[i] = (-(1 - eps) * logSigmoid(l) + eps * logSigmoid(-l)) / (1 - 2 * eps);
          break;
        case EXO_PAIR:
          out[i] =
              sigmoid(l) * (logSigmoid(l) - Math.log(1 - eps))
                  + sigmoid(-l) * (logSigmoid(-l) - Math.log(eps));
          break;
        case NCA_PAIR:
          out[i] =
              -logSigmoid(beta * c) - 0.5 * logSigmoid(-beta * c) - 0.5 * logSigmoid(-beta * r);
          break;
        case BCO_PAIR:
          out[i] = -logSigmoid(beta * c) - logSigmoid(-beta * r);
          break;
        case SPPO_HARD:
          out[i] = Math.pow(c - 0.5 / beta, 2) + Math.pow(r + 0.5 / beta, 2);
          break;
        case AOT:
          {
            double delta = sortedPolicy[i] - sortedRef[i];
            out[i] = -(1 - eps) * logSigmoid(beta * delta) - eps * logSigmoid(-beta * delta);
            break;
          }
        case AOT_PAIR:
          {
            double delta = sortedRhoC[i] - sortedRhoR[i];
            out[i] = -(1 - eps) * logSigmoid(beta * delta) - eps * logSigmoid(-beta * delta);
            break;
          }
        case APO_ZERO:
          out[i] = 1 - sigmoid(beta * c) + sigmoid(beta * r);
          break;
        case APO_DOWN:
          out[i] = sigmoid(beta * c) + 1 - sigmoid(l);
          break;
        case DISCOPOP:
          {
            double m = sigmoid(l / 0.05);
            out[i] = (1 - m) * -logSigmoid(l) + m * Math.exp(-l);
            break;
          }
        case SIGMOID_NORM:
          out[i] = -logSigmoid(beta * (c / lc[i] - r / lr[i]));
          break;
        case SFT:
          out[i] = nll;
          break;
        default:
          throw new IllegalStateException();
      }
    }
    return out;
  }

  /** TRL 0.24's cDPO: {@code -(1-eps) log sigmoid(l) - eps log sigmoid(-l)}. */
  static double conservative(double l, double eps) {
    return -(1 - eps) * logSigmoid(l) - eps * logSigmoid(-l);
  }

  static double mean(double[] values) {
    return Arrays.stream(values).average().orElseThrow();
  }
}
