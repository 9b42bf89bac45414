package dev.mia.benchmarks.streaming;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Hears every garbage collection of this JVM and keeps the largest heap in use right after one,
 * overall and per quarter of the work: what the program really needed to keep, unlike the heap in
 * use at an arbitrary moment, which includes garbage not yet collected.
 */
final class HeapWatcher implements AutoCloseable {
  private final Set<String> heapPools = new HashSet<>();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final AtomicLong collections = new AtomicLong();
  private final AtomicLongArray maxByQuarter = new AtomicLongArray(4);
  private volatile int quarter;
  private final NotificationListener listener = this::onNotification;

  private HeapWatcher() {}

  /**
   * Starts watching.
   *
   * @return the watcher; close it to stop
   */
  static HeapWatcher start() {
    HeapWatcher watcher = new HeapWatcher();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        watcher.heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(watcher.listener, null, null);
        watcher.emitters.add(emitter);
      }
    }
    return watcher;
  }

  /**
   * Says how far the work is, so that later collections count for that quarter.
   *
   * @param done the units done
   * @param total the units in all, at least 1
   */
  void progress(long done, long total) {
    quarter = (int) Math.min(3, 4 * done / Math.max(1, total));
  }

  private void onNotification(Notification notification, Object handback) {
    if (!notification
        .getType()
        .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long used = 0;
    for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        MemoryUsage usage = pool.getValue();
        used += usage.getUsed();
      }
    }
    collections.incrementAndGet();
    int q = quarter;
    maxByQuarter.accumulateAndGet(q, used, Math::max);
  }

  /**
   * Returns the number of collections heard.
   *
   * @return the count
   */
  long collections() {
    return collections.get();
  }

  /**
   * Returns the largest heap in use after a collection, per quarter of the work.
   *
   * @return four values in bytes; 0 for a quarter without a collection
   */
  List<Long> maxAfterGcByQuarter() {
    List<Long> out = new ArrayList<>(4);
    for (int i = 0; i < 4; i++) {
      out.add(maxByQuarter.get(i));
    }
    return List.copyOf(out);
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // already gone: nothing to remove
      }
    }
    emitters.clear();
  }
}
