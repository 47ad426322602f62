package io.partita.protocol.selector;

/**
 * Per-thread scratch for evaluating one selector: a value holder per node, and the message
 * being evaluated. Reused from one evaluation to the next; owned by one thread at a time.
 */
final class Evaluation {

    final SelectorValue[] slots;
    SelectorContext context;
    int deliveryCount;
    boolean inUse;

    Evaluation(int slotCount) {
        slots = new SelectorValue[slotCount];
        for (int i = 0; i < slotCount; i++) {
            slots[i] = new SelectorValue();
        }
    }
}
