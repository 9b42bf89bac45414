/**
 * mia's selection pipeline on Apache Spark: LLaVA data to multi-image samples, preference pairs and
 * reference log-probs, one partition of the input per task, with the library's parts unchanged. The
 * program is {@link dev.mia.examples.spark.SparkPairs}; see the README's section on Spark.
 */
@NullMarked
@CheckReturnValue
package dev.mia.examples.spark;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
