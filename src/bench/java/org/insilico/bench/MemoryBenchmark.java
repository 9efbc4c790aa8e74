package org.insilico.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import org.bytedeco.javacpp.Pointer;
import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.data.StimulusSets;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.insilico.model.Trainer;
import org.insilico.probe.ablation.Ablation;
import org.insilico.probe.ablation.AblationExperiment;
import org.insilico.probe.ablation.AblationMap;
import org.insilico.probe.compare.CenteredKernelAlignment;
import org.insilico.probe.compare.RepresentationalDissimilarity;
import org.insilico.probe.gradient.Attribution;
import org.insilico.probe.gradient.IntegratedGradients;
import org.insilico.probe.maximize.TopStimuli;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Peak memory of each analysis over many images (default 10,000 digits, 28 × 28), run in its own JVM so that the
 * heap limit is the one to check (Benchmarks starts it with {@code -Xmx2g}, the target). Prints one line
 * {@code MEMORY {json}} per analysis. For each analysis, after a full GC and with the heap pools' peaks reset:
 * <ul>
 * <li>{@code heap_pool_peaks}: the sum over heap memory pools of {@link MemoryPoolMXBean#getPeakUsage()}, an upper
 * bound of the heap in use at any moment (pools peak at different times; it includes garbage not yet
 * collected);</li>
 * <li>{@code heap_after_gc_max}: the largest heap in use right after any garbage collection during the analysis
 * (GC notifications), close to the live data the analysis holds; the heap present before it started included;</li>
 * <li>{@code heap_sampled_max}: the largest heap in use seen by a sampler every 5 ms;</li>
 * <li>{@code rss_max} / {@code rss_before}: the process's resident memory (heap, ND4J's native buffers, JVM), by
 * javacpp's {@link Pointer#physicalBytes()}, sampled; ND4J 1.0.0-M2.1 allocates its buffers natively without
 * javacpp's accounting ({@link Pointer#totalBytes()} stays 0), so resident memory is the way to see them.</li>
 * </ul>
 * Completing at all under {@code -Xmx2g} shows the target is met for that analysis. Run alone:
 * {@code java -Xmx2g -cp … org.insilico.bench.MemoryBenchmark [--images N] [--ig-steps M]}.
 */
public final class MemoryBenchmark {

	private MemoryBenchmark() {}

	public static void main(final String[] args) throws Exception {
		TrainingProfile.engineFirst();
		int images = 10_000, igSteps = 4;
		for (int i = 0; i + 1 < args.length; i += 2)
			switch (args[i]) {
				case "--images" -> images = Integer.parseInt(args[i + 1]);
				case "--ig-steps" -> igSteps = Integer.parseInt(args[i + 1]);
				default -> throw new IllegalArgumentException("unknown option " + args[i] +
					"; expected --images N, --ig-steps M");
			}
		final Dataset data = StimulusSets.generate("digits", images, 28, 2);
		final Network net = Trainer.train(StimulusSets.generate("digits", 2000, 28, 1), null, Trainer.Options.defaults(
			"lenet").withEpochs(1), Progress.NONE).network();
		final Target classLogit = Target.parse("output:class:3", net);
		final int n = images, m = igSteps;
		final Map<String, Supplier<Object>> analyses = new LinkedHashMap<>();
		analyses.put("activations of conv1 (8×24×24 per image, the largest layer)", () -> net.activations(data, "conv1",
			Progress.NONE));
		analyses.put("gradient images (saliency) of a class logit", () -> Attribution.of("gradient").attribute(net, data
			.images(), classLogit, Progress.NONE));
		analyses.put("integrated gradients, M = " + m + " (batches hold bound/(M+1) images: memory as at M = 64)", () ->
			new IntegratedGradients(IntegratedGradients.Options.defaults().withSteps(m)).attribute(net, data.images(),
				classLogit, Progress.NONE));
		analyses.put("ablation map of conv2 (16 channels, recorded activations)", () -> AblationMap.compute(
			AblationExperiment.record(net, data, "conv2", Progress.NONE), Ablation.Mode.ZERO, 0, Progress.NONE));
		analyses.put("top stimuli of conv2 (k = 9)", () -> TopStimuli.find(net, data, "conv2", 9, Progress.NONE));
		analyses.put("RDM (correlation) of conv2, " + n + " × " + n, () -> RepresentationalDissimilarity.of(net
			.activations(data, "conv2", Progress.NONE), RepresentationalDissimilarity.Options.defaults()));
		analyses.put("linear CKA of conv2 and dense1", () -> CenteredKernelAlignment.linear(net.activations(data, "conv2",
			Progress.NONE), net.activations(data, "dense1", Progress.NONE), CenteredKernelAlignment.Options.defaults()));
		final ObjectMapper json = new ObjectMapper();
		for (final Map.Entry<String, Supplier<Object>> a : analyses.entrySet()) {
			final Map<String, Object> row = measure(a.getKey(), n, a.getValue());
			System.out.println("MEMORY " + json.writeValueAsString(row));
			System.out.flush();
		}
	}

	/** Runs one analysis and measures its memory as the class comment says. */
	static Map<String, Object> measure(final String name, final int images, final Supplier<Object> analysis) {
		final List<MemoryPoolMXBean> heapPools = new ArrayList<>();
		for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
			if (p.getType() == MemoryType.HEAP) heapPools.add(p);
		System.gc();
		System.gc();
		for (final MemoryPoolMXBean p : heapPools)
			p.resetPeakUsage();
		final long heapBefore = heapUsed(), rssBefore = Pointer.physicalBytes();
		final AtomicLong afterGc = new AtomicLong(heapBefore), sampledHeap = new AtomicLong(heapBefore), rss =
			new AtomicLong(rssBefore);
		final NotificationListener listener = (final Notification note, final Object handback) -> {
			if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(note.getType())) return;
			final GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) note
				.getUserData());
			long used = 0;
			for (final Map.Entry<String, java.lang.management.MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc()
				.entrySet())
				if (heapPools.stream().anyMatch(p -> p.getName().equals(e.getKey()))) used += e.getValue().getUsed();
			afterGc.accumulateAndGet(used, Math::max);
		};
		final List<NotificationEmitter> emitters = new ArrayList<>();
		for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
			if (gc instanceof NotificationEmitter e) {
				e.addNotificationListener(listener, null, null);
				emitters.add(e);
			}
		final Thread sampler = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				sampledHeap.accumulateAndGet(heapUsed(), Math::max);
				rss.accumulateAndGet(Pointer.physicalBytes(), Math::max);
				try {
					Thread.sleep(5);
				}
				catch (final InterruptedException e) {
					return;
				}
			}
		}, "memory sampler");
		sampler.setDaemon(true);
		sampler.start();
		final long t = System.nanoTime();
		final Object result = analysis.get();
		final double seconds = (System.nanoTime() - t) / 1e9;
		sampler.interrupt();
		try {
			sampler.join();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		long poolPeaks = 0;
		for (final MemoryPoolMXBean p : heapPools)
			poolPeaks += p.getPeakUsage().getUsed();
		for (final NotificationEmitter e : emitters)
			try {
				e.removeNotificationListener(listener);
			}
			catch (final javax.management.ListenerNotFoundException ignored) {
				// not registered
			}
		final Map<String, Object> row = new LinkedHashMap<>();
		row.put("analysis", name);
		row.put("images", images);
		row.put("seconds", seconds);
		row.put("heap_before", heapBefore);
		row.put("heap_pool_peaks", poolPeaks);
		row.put("heap_after_gc_max", afterGc.get());
		row.put("heap_sampled_max", sampledHeap.get());
		row.put("rss_before", rssBefore);
		row.put("rss_max", rss.get());
		row.put("max_heap", Runtime.getRuntime().maxMemory());
		row.put("gc", String.join(", ", ManagementFactory.getGarbageCollectorMXBeans().stream().map(
			GarbageCollectorMXBean::getName).toList()));
		row.put("result", result == null ? "none" : result.getClass().getName());
		return row;
	}

	private static long heapUsed() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}
}
