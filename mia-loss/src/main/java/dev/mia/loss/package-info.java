/**
 * The DPO family of preference losses over DJL NDArrays (Rafailov et al., "Direct Preference
 * Optimization", arXiv 2305.18290), with RLHF-V's dense DDPO (arXiv 2312.00849), VIG-masked
 * supervised loss and BDHS's loss mixing (arXiv 2407.02477).
 */
@NullMarked
package dev.mia.loss;

import org.jspecify.annotations.NullMarked;
