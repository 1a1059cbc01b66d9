package io.switchboard.kafka;

/** What Kafka accepts as a topic name (and what the hub keeps for itself). */
final class KafkaTopics {

    static final int MAX_LENGTH = 249;

    private KafkaTopics() {
    }

    /** What is wrong with a topic name for a {@code kafka:} destination; null when nothing. */
    static String problem(String topic) {
        if (topic.isEmpty()) {
            return "names no topic: write kafka:<topic>, e.g. kafka:notifications";
        }
        if (topic.startsWith("//")) {
            return "must be kafka:<topic>, without //, e.g. kafka:notifications";
        }
        if (topic.length() > MAX_LENGTH) {
            return "names a topic of " + topic.length() + " characters; Kafka allows at most " + MAX_LENGTH;
        }
        if (topic.equals(".") || topic.equals("..")) {
            return "names the topic '" + topic + "', which Kafka does not allow";
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                return "names a topic with '" + c + "'; Kafka topic names have only letters, digits, '.', '_' "
                        + "and '-'";
            }
        }
        if (topic.startsWith("__")) {
            return "names an internal Kafka topic (those start with __)";
        }
        if (topic.equals(KafkaReceiptLog.TOPIC)) {
            return "names the hub's receipt log (" + KafkaReceiptLog.TOPIC + "), which takes no notifications";
        }
        return null;
    }
}
