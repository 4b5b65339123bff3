package org.strads4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import org.junit.jupiter.api.Test;
import org.strads4j.api.JobInput;

/** Checkpoints of a coordinator state leave its job inputs out and take them back from the planned state. */
class JdkSerializationTest {
    static final class Data implements JobInput {
        private static final long serialVersionUID = 1L;
        final double[] values = new double[1_000_000];
    }

    static final class Holder implements Serializable {
        private static final long serialVersionUID = 1L;
        final Data data;

        Holder(Data data) {
            this.data = data;
        }
    }

    static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        final Data data;
        final Holder holder;
        final double[] model;

        State(Data data, double[] model) {
            this.data = data;
            this.holder = new Holder(data);
            this.model = model;
        }
    }

    @Test
    void aCheckpointLeavesTheInputsOutAndARestoreTakesThemFromThePlannedState() {
        Data data = new Data();
        State planned = new State(data, new double[] {0, 0, 0});
        State running = new State(data, new double[] {1, 2, 3});
        byte[] full = JdkSerialization.toBytes(running);
        byte[] checkpoint = JdkSerialization.toBytesWithoutInputs(running);
        assertTrue(full.length > 8_000_000, "the input is 8 MB: " + full.length);
        assertTrue(checkpoint.length < 10_000, "without it, the state is small: " + checkpoint.length);

        State restored = (State) JdkSerialization.fromBytesWithInputs(checkpoint, planned);
        assertArrayEquals(new double[] {1, 2, 3}, restored.model, "the changing state comes from the checkpoint");
        assertSame(data, restored.data, "the input is the planned one");
        assertSame(restored.data, restored.holder.data, "both paths reach the one input");
    }

    @Test
    void aPlannedStateWithoutTheInputIsRefused() {
        byte[] checkpoint = JdkSerialization.toBytesWithoutInputs(new State(new Data(), new double[1]));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JdkSerialization.fromBytesWithInputs(checkpoint, new double[1]));
        assertTrue(e.getMessage().contains("job input 0"), e.getMessage());
    }
}
