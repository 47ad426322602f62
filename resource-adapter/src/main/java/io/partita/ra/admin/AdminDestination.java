package io.partita.ra.admin;

import io.partita.jms.PartitaQueue;
import jakarta.resource.Referenceable;

import java.io.Serializable;
import java.util.Objects;
import javax.naming.Reference;

/**
 * What the two administered destinations share: a {@code name} property (the broker topic name,
 * checked by the provider's rules: 1 to 249 of {@code [a-zA-Z0-9._-]}, not beginning with
 * {@code __}), serialization and the reference the server binds. Bean-style so a server can
 * configure it; set once before use, then read by many threads.
 */
abstract class AdminDestination implements Serializable, Referenceable {
    private static final long serialVersionUID = 1L;

    private volatile String name;
    private Reference reference;

    public String getName() {
        return name;
    }

    /** @throws IllegalArgumentException naming the name and the rule it breaks */
    public void setName(String name) {
        new PartitaQueue(name); // the provider's name rules, one place
        this.name = name;
    }

    String requireName() {
        String n = name;
        if (n == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " has no name; set its name property");
        }
        return n;
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Objects.equals(name, ((AdminDestination) o).name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), name);
    }
}
