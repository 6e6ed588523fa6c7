package io.storyreel.app;

/** Bad input on the command line (a missing photo, a photo without a prompt): one clear line, exit code 2. */
public class UserInputException extends RuntimeException {
    public UserInputException(String message) {
        super(message);
    }
}
