-- Security questions: three per account, each a question key (texts live in the code) and an
-- Argon2id hash of the normalised answer; never the answer itself (REC-04). The primary key and
-- the unique question keep one answer per slot and no question twice.
CREATE TABLE security_question_answer (
    account_id    BIGINT       NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    slot          SMALLINT     NOT NULL,
    question_key  VARCHAR(40)  NOT NULL,
    answer_hash   VARCHAR(200) NOT NULL,
    set_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT security_question_answer_pk PRIMARY KEY (account_id, slot),
    CONSTRAINT security_question_answer_question_uk UNIQUE (account_id, question_key),
    CONSTRAINT security_question_answer_slot_ck CHECK (slot BETWEEN 1 AND 3)
);
