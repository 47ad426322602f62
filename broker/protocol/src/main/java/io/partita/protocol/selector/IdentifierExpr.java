package io.partita.protocol.selector;

/**
 * A name in a selector: one of the header fields of {@link HeaderField}, {@code JMSXDeliveryCount}
 * or {@code JMSRedelivered} (both from the delivery count the broker supplies), or any other
 * name, which is a property.
 */
final class IdentifierExpr extends Expr {

    static final String DELIVERY_COUNT = "JMSXDeliveryCount";
    static final String REDELIVERED = "JMSRedelivered";

    private enum Source { HEADER, PROPERTY, DELIVERY_COUNT, REDELIVERED }

    final String name;
    private final Source source;
    private final HeaderField header;
    private final PropertyName property;

    IdentifierExpr(int position, int slot, String name) {
        super(position, slot);
        this.name = name;
        HeaderField h = HeaderField.forSelectorName(name);
        if (h != null) {
            source = Source.HEADER;
        } else if (DELIVERY_COUNT.equals(name)) {
            source = Source.DELIVERY_COUNT;
        } else if (REDELIVERED.equals(name)) {
            source = Source.REDELIVERED;
        } else {
            source = Source.PROPERTY;
        }
        header = h;
        property = source == Source.PROPERTY ? new PropertyName(name) : null;
    }

    @Override
    StaticType staticType() {
        switch (source) {
            case DELIVERY_COUNT: return StaticType.NUMBER;
            case REDELIVERED: return StaticType.BOOLEAN;
            case HEADER:
                return header == HeaderField.PRIORITY || header == HeaderField.TIMESTAMP
                        ? StaticType.NUMBER : StaticType.STRING;
            default: return StaticType.ANY;
        }
    }

    @Override
    String describe() {
        switch (staticType()) {
            case NUMBER: return "numeric field " + name;
            case STRING: return "string field " + name;
            case BOOLEAN: return "boolean field " + name;
            default: return "identifier '" + name + "'";
        }
    }

    @Override
    SelectorValue value(Evaluation e) {
        SelectorValue v = e.slots[slot];
        switch (source) {
            case PROPERTY: e.context.loadProperty(property, v); break;
            case HEADER: e.context.loadHeader(header, v); break;
            case DELIVERY_COUNT: v.setLong(e.deliveryCount); break;
            default: v.setBoolean(e.deliveryCount > 1); break;
        }
        return v;
    }
}
