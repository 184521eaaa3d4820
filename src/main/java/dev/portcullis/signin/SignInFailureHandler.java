package dev.portcullis.signin;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Component;

/** Keeps why sign-in failed for the next page, then redirects there (POST-redirect-GET). */
@Component
class SignInFailureHandler implements AuthenticationFailureHandler {

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        SignInProblem problem = exception instanceof SignInRefusedException refused
                ? refused.problem()
                : new SignInProblem(SignInProblem.Kind.INCORRECT, 0, "");
        request.getSession().setAttribute(SignInProblem.SESSION_ATTRIBUTE, problem);
        response.sendRedirect(request.getContextPath() + "/signin?error");
    }
}
