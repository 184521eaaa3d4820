package dev.portcullis.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Applies to every test (registered through JUnit's extension auto-detection). On a developer's
 * machine a test is skipped, with the reason, when PostgreSQL (for the PostgreSQL execution) or
 * Chromium (for browser tests) is missing. Under {@code CI=true} nothing is skipped: the tests
 * run and fail, because a CI run that silently skips them proves nothing.
 */
public class RequiredInfrastructure implements ExecutionCondition {

    private static volatile String postgresProblem;
    private static volatile boolean postgresChecked;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (TestDatabase.ci() || context.getTestClass().isEmpty()) {
            return ConditionEvaluationResult.enabled("CI runs everything");
        }
        if (TestDatabase.postgres()) {
            String problem = postgresProblem();
            if (problem != null) {
                return ConditionEvaluationResult.disabled(problem + "; run .ci/run or set PORTCULLIS_TEST_DB_URL");
            }
        }
        if (context.getTestClass().get().getSimpleName().endsWith("BrowserTests") && !Browser.available()) {
            return ConditionEvaluationResult.disabled("Chromium or chromedriver missing at " + Browser.CHROMIUM + " / "
                    + Browser.CHROMEDRIVER + "; apt-get install chromium chromium-driver");
        }
        return ConditionEvaluationResult.enabled("infrastructure present");
    }

    private static String postgresProblem() {
        if (!postgresChecked) {
            postgresProblem = TestDatabase.postgresProblem();
            postgresChecked = true;
        }
        return postgresProblem;
    }

    static boolean exists(String path) {
        return Files.isExecutable(Path.of(path));
    }
}
