package dev.portcullis.signin;

import org.springframework.security.core.AuthenticationException;

/** The password step refused an attempt; {@code problem} says how to tell the person. */
class SignInRefusedException extends AuthenticationException {

    private final transient SignInProblem problem;

    SignInRefusedException(SignInProblem problem) {
        super("sign-in refused: " + problem.kind());
        this.problem = problem;
    }

    SignInProblem problem() {
        return problem;
    }
}
