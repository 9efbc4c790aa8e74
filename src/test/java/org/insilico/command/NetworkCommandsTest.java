package org.insilico.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.measure.ResultsTable;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.insilico.model.Network;
import org.insilico.model.TestNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scijava.command.CommandModule;
import org.scijava.object.ObjectService;

class NetworkCommandsTest extends AbstractContextTest {

	@TempDir
	Path dir;

	@Test
	void saveThenOpenGivesTheSameNetworkAndMakesItCurrent() {
		final Network net = TestNetworks.preset("lenet", 28, DataType.FLOAT, 3);
		final File file = dir.resolve("net.zip").toFile();
		final CommandModule saved = run(SaveNetworkCommand.class, "network", net, "file", file);
		assertFalse(saved.isCanceled(), String.valueOf(saved.getCancelReason()));
		final CommandModule opened = run(OpenNetworkCommand.class, "file", file);
		final Network back = (Network) opened.getOutput("network");
		final INDArray x = TestNetworks.randomImages(3, 28, DataType.FLOAT, 4);
		assertArrayEquals(net.output(x).data().asFloat(), back.output(x).data().asFloat(), 0f);
		assertTrue(context.service(ObjectService.class).getObjects(Network.class).contains(back));

		// a macro passes no network: the most recently opened one is used
		final ResultsTable table = (ResultsTable) run(NetworkSummaryCommand.class).getOutput("summary");
		assertEquals(6, table.size());
		assertEquals("conv2", table.getStringValue("Layer", 2));
		assertEquals(8 * 25 * 16 + 16, table.getValue("Parameters", 2), 0);
		assertEquals("16x8x8", table.getStringValue("Shape", 2));
	}

	@Test
	void saveAsNpzWritesWeights() {
		final Network net = TestNetworks.preset("mlp", 28, DataType.FLOAT, 3);
		final File file = dir.resolve("w.npz").toFile();
		run(SaveNetworkCommand.class, "network", net, "file", file);
		assertTrue(file.length() > 4 * (784 * 256), "holds the weights");
	}

	@Test
	void badInputCancelsWithAReasonInsteadOfAStackTrace() throws Exception {
		final Path junk = dir.resolve("junk.zip");
		Files.writeString(junk, "junk");
		final CommandModule m = run(OpenNetworkCommand.class, "file", junk.toFile());
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("junk.zip"), m.getCancelReason());
		final CommandModule none = run(NetworkSummaryCommand.class);
		assertTrue(none.isCanceled());
		assertTrue(none.getCancelReason().contains("no network is open"), none.getCancelReason());
	}

	@Test
	void summaryOfAGivenNetwork() {
		final Network net = TestNetworks.preset("mlp", 28, DataType.FLOAT, 3);
		final ResultsTable t = (ResultsTable) run(NetworkSummaryCommand.class, "network", net).getOutput("summary");
		assertEquals(3, t.size());
		assertEquals(784 * 256 + 256, t.getValue("Parameters", 0), 0);
		assertSame(null, run(NetworkSummaryCommand.class, "network", net).getCancelReason());
	}
}
