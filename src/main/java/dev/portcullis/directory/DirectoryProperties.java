package dev.portcullis.directory;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The directory, {@code portcullis.directory.*}.
 *
 * @param userEditable      the profile fields people change themselves on My Profile; the rest
 *                          belong to the administrator (default: job title, department, work
 *                          phone, pronouns and location; the name is the administrator's)
 * @param searchesPerMinute People Finder searches one account may make in a minute (INP-03)
 * @param searchesPerDay    and in a day, so that the directory cannot be copied out slowly
 * @param pageSize          results on one page
 * @param maxPages          the deepest page offered; people narrow their search instead
 */
@ConfigurationProperties("portcullis.directory")
public record DirectoryProperties(Set<ProfileField> userEditable, Integer searchesPerMinute, Integer searchesPerDay,
                                  Integer pageSize, Integer maxPages) {

    public DirectoryProperties {
        userEditable = userEditable == null
                ? EnumSet.of(ProfileField.JOB_TITLE, ProfileField.DEPARTMENT, ProfileField.WORK_PHONE,
                        ProfileField.PRONOUNS, ProfileField.LOCATION)
                : (userEditable.isEmpty() ? EnumSet.noneOf(ProfileField.class) : EnumSet.copyOf(userEditable));
        searchesPerMinute = searchesPerMinute == null ? 60 : searchesPerMinute;
        searchesPerDay = searchesPerDay == null ? 2000 : searchesPerDay;
        pageSize = pageSize == null ? 20 : pageSize;
        maxPages = maxPages == null ? 50 : maxPages;
        if (searchesPerMinute < 1 || searchesPerDay < searchesPerMinute) {
            throw new IllegalArgumentException("portcullis.directory: searches-per-minute must be at least 1 and searches-per-day at least that");
        }
        if (pageSize < 1 || pageSize > 100 || maxPages < 1 || maxPages > 500) {
            throw new IllegalArgumentException("portcullis.directory: page-size must be 1 to 100 and max-pages 1 to 500");
        }
    }

    public boolean userMayEdit(ProfileField field) {
        return userEditable.contains(field);
    }
}
