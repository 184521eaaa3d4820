package dev.portcullis.directory;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Organisations, for the other modules. */
@Service
public class OrganisationService {

    private static final Pattern CODE = Pattern.compile("^[A-Z0-9]{2,16}$");

    private final OrganisationStore store;
    private final Clock clock;

    OrganisationService(OrganisationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<Organisation> findById(long id) {
        return store.findById(id);
    }

    public Optional<Organisation> findByCode(String code) {
        return code == null ? Optional.empty() : store.findByCode(code.strip().toUpperCase(Locale.ROOT));
    }

    public List<Organisation> findAll() {
        return store.findAll();
    }

    /** The organisation with this code, created with the name when it does not exist yet. */
    @Transactional
    public Organisation findOrCreate(String code, String name) {
        String normalised = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
        if (!CODE.matcher(normalised).matches()) {
            throw new IllegalArgumentException("Organisation code must be 2 to 16 letters or digits");
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("Organisation name must be 1 to 200 characters");
        }
        return store.findByCode(normalised).orElseGet(() -> {
            long id = store.insert(normalised, name.strip(), clock.instant());
            return new Organisation(id, normalised, name.strip(), "active");
        });
    }
}
