package dev.portcullis.directory;

/** For the benchmark harness: the directory's own folding, so seeded rows are found as the service's would be. */
public final class BenchDirectoryText {

    private BenchDirectoryText() {
    }

    public static String sortName(String displayName) {
        String sort = SearchText.fold(displayName);
        int max = ProfileField.DISPLAY_NAME.maxLength();
        return sort.length() > max ? sort.substring(0, max) : sort;
    }

    public static String searchText(String displayName, String email, String organisationName, String organisationCode,
                                    String jobTitle, String department) {
        return SearchText.of(displayName, email, organisationName, organisationCode, jobTitle, department);
    }
}
