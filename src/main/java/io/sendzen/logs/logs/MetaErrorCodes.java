package io.sendzen.logs.logs;

import java.util.Map;
import java.util.Optional;

/**
 * What Meta's common error codes mean and what to do about them, in this service's words (after Meta's Cloud API
 * error-codes page). A code not in the table has no explanation; Meta's own title and details still show.
 */
public final class MetaErrorCodes {

    /** One code: Meta's short name for it, what it means and what to do. */
    public record Explanation(int code, String title, String meaning, String action) {
    }

    private static final Map<Integer, Explanation> TABLE = Map.ofEntries(
            entry(0, "Auth exception", "Meta could not authenticate the app user: the access token expired, was revoked or lost its permissions",
                    "Get a new access token from the app user and put it in place of the old one"),
            entry(3, "API method", "The app lacks the capability or permission the call needs",
                    "Check the token's permissions in the access token debugger"),
            entry(4, "Too many API calls", "The app reached its API call rate limit",
                    "Wait, then send fewer or less frequent API calls"),
            entry(10, "Permission denied", "A permission the call needs was never granted or was removed",
                    "Check the token's permissions in the access token debugger and grant the missing one"),
            entry(100, "Invalid parameter", "The request had a parameter that is unknown, misspelled or malformed",
                    "Compare the request with the endpoint's reference and correct the parameter"),
            entry(190, "Access token expired", "The access token used to send has expired",
                    "Issue a new access token (a system user token for production) and use it"),
            entry(368, "Temporarily blocked for policy violations", "The WhatsApp Business Account is restricted or disabled for breaking a platform policy",
                    "Read the policy enforcement notice in WhatsApp Manager and resolve the violation or appeal it"),
            entry(80007, "Rate limit issues", "The WhatsApp Business Account reached its rate limit",
                    "Wait, then lower the rate of API calls for this account"),
            entry(130429, "Rate limit hit", "The phone number reached its message throughput limit",
                    "Slow the sending rate and retry later with backoff"),
            entry(130472, "Number part of an experiment", "Meta held the message back because the recipient is in one of its experiments",
                    "Nothing to fix; the recipient can be messaged again later"),
            entry(131000, "Something went wrong", "Meta failed to send for an unknown reason, often a passing server problem",
                    "Retry; if it keeps failing, check Meta's platform status and contact support"),
            entry(131005, "Access denied", "The token is not allowed to do this",
                    "Check the token's permissions in the access token debugger"),
            entry(131008, "Required parameter missing", "The request left out a parameter that is required",
                    "Add the missing parameter named in the details"),
            entry(131009, "Parameter value not valid", "A value in the request is not allowed (for example a wrong phone number format)",
                    "Correct the value named in the details"),
            entry(131016, "Service unavailable", "Meta's service is down or overloaded for a while",
                    "Retry later; check Meta's platform status"),
            entry(131021, "Recipient cannot be sender", "The message was addressed to the business number that sends it",
                    "Send to a different number than the sender"),
            entry(131026, "Message undeliverable", "The recipient cannot receive it: no WhatsApp account, terms of service not accepted, or an old app version",
                    "Check the number is on WhatsApp; ask the customer to update WhatsApp and accept its terms"),
            entry(131031, "Account locked", "The business account is locked, for a policy breach or failed verification",
                    "Review the account's status in WhatsApp Manager and contact Meta to unlock it"),
            entry(131042, "Business eligibility payment issue", "The account's payment setup is missing, inactive or over its credit limit",
                    "Fix the payment method and billing settings of the WhatsApp Business Account"),
            entry(131045, "Incorrect certificate", "The phone number was not registered properly, so its certificate is wrong",
                    "Register the phone number again before sending"),
            entry(131047, "Re-engagement message", "More than 24 hours have passed since the customer last replied",
                    "Send an approved template instead of a free-form message"),
            entry(131048, "Spam rate limit hit", "Sending from this number is restricted because many earlier messages were blocked or reported",
                    "Check the number's quality rating in WhatsApp Manager and send only to people who expect it"),
            entry(131049, "Meta chose not to deliver", "Meta held back a marketing message to keep the recipient's experience healthy",
                    "Do not resend at once; wait a day or longer before trying this customer again"),
            entry(131050, "Recipient stopped marketing messages", "The customer turned off marketing messages from this business",
                    "Stop sending marketing templates to this customer"),
            entry(131051, "Unsupported message type", "WhatsApp does not support the type of message received or sent",
                    "Use a supported message type; ask the customer to send something else"),
            entry(131052, "Media download error", "The media the customer sent could not be downloaded",
                    "Ask the customer to send the media again by another means"),
            entry(131053, "Media upload error", "The media to send could not be uploaded, often for an unsupported type",
                    "Check the media's type and size against Meta's limits and upload it again"),
            entry(131056, "Pair rate limit hit", "Too many messages went from this business number to the same customer in a short time",
                    "Wait before messaging this customer again; other customers can still be messaged"),
            entry(131057, "Account in maintenance mode", "The business account is in maintenance (for example a throughput upgrade)",
                    "Wait a few minutes and retry"),
            entry(132000, "Template parameter count mismatch", "The number of variables sent does not match the template's",
                    "Send exactly the parameters the template defines"),
            entry(132001, "Template does not exist", "No approved template has that name in that language",
                    "Check the template's name, language and approval in WhatsApp Manager"),
            entry(132005, "Template text too long", "The template's text with its variables filled in is too long",
                    "Use shorter values for the template's variables"),
            entry(132007, "Template format policy violated", "The filled-in template breaks a formatting policy",
                    "Check the variables' content against WhatsApp's template rules"),
            entry(132012, "Template parameter format mismatch", "A variable's value has the wrong format for the template",
                    "Send each variable in the format the template expects"),
            entry(132015, "Template paused", "The template was paused for low quality",
                    "Edit the template to improve its quality, or use another one"),
            entry(132016, "Template disabled", "The template was disabled after repeated pauses for low quality",
                    "Create a new template with different content"),
            entry(133010, "Phone number not registered", "The business phone number is not registered with the Cloud API",
                    "Register the phone number before sending"),
            entry(135000, "Generic user error", "The message failed for an unknown reason with the request's parameters",
                    "Check the request against the endpoint's reference; contact support if it persists"));

    private MetaErrorCodes() {
    }

    /** The explanation of {@code code}; empty for a code not in the table. */
    public static Optional<Explanation> explain(int code) {
        return Optional.ofNullable(TABLE.get(code));
    }

    private static Map.Entry<Integer, Explanation> entry(int code, String title, String meaning, String action) {
        return Map.entry(code, new Explanation(code, title, meaning, action));
    }
}
