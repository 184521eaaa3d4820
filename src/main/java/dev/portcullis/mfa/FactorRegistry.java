package dev.portcullis.mfa;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** Every factor bean, in the factsheet's order. Registration is being a {@link Factor} bean. */
@Component
public class FactorRegistry {

    private final List<Factor> factors;

    FactorRegistry(List<Factor> factors) {
        this.factors = factors.stream().sorted(Comparator.comparingInt(f -> f.type().order())).toList();
        long distinct = this.factors.stream().map(f -> f.type().id()).distinct().count();
        if (distinct != this.factors.size()) {
            throw new IllegalStateException("two factors share a type id");
        }
    }

    /** All registered factors, available or not. */
    public List<Factor> all() {
        return factors;
    }

    /** Factors people can use here now. */
    public List<Factor> available() {
        return factors.stream().filter(Factor::available).toList();
    }

    public Optional<Factor> find(String typeId) {
        return factors.stream().filter(f -> f.type().id().equals(typeId)).findFirst();
    }
}
