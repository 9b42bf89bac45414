package dev.mia.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MachineTest {
  @Test
  void takes_the_first_model_name_of_cpuinfo() {
    List<String> cpuinfo =
        List.of(
            "processor\t: 0",
            "vendor_id\t: GenuineIntel",
            "model name\t: Intel(R) Xeon(R) Processor ",
            "processor\t: 1",
            "model name\t: Other");

    assertThat(Machine.cpuModel(cpuinfo, "x86")).isEqualTo("Intel(R) Xeon(R) Processor");
  }

  @Test
  void falls_back_when_cpuinfo_names_no_model() {
    assertThat(Machine.cpuModel(List.of("processor\t: 0", "Hardware\t: BCM2835"), "aarch64"))
        .isEqualTo("aarch64");
  }

  @Test
  void describes_this_machine_with_at_least_one_core() {
    assertThat(Machine.thisMachine().cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void rejects_zero_cores() {
    assertThatThrownBy(() -> new Machine("cpu", 0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("cores must be >= 1, but is: 0");
  }
}
