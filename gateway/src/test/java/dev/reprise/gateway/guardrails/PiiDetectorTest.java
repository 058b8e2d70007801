package dev.reprise.gateway.guardrails;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The detector's table: texts that hold sensitive data (and exactly what is found), and look-alikes that must not
 * match. Every value here was made up for this table; card numbers and IBANs were given valid check digits by hand.
 */
class PiiDetectorTest {

    private static final PiiDetector DETECTOR = new PiiDetector();
    private static final Set<PiiType> ALL = Set.of(PiiType.values());

    @ParameterizedTest(name = "{0} in \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            EMAIL  | write to maria.lopez+billing@example-shop.co.uk today  | maria.lopez+billing@example-shop.co.uk
            EMAIL  | contact: j_doe@mail.example.org.                       | j_doe@mail.example.org
            PHONE  | call me on +14155550134 please                         | +14155550134
            PHONE  | my number is +44 20 7946 0321                          | +44 20 7946 0321
            PHONE  | reach us at (415) 555-0199 after 5pm                   | (415) 555-0199
            PHONE  | office 415-555-0176                                    | 415-555-0176
            PHONE  | UK mobile 07700 900461                                 | 07700 900461
            PHONE  | Paris 01 42 68 53 00                                   | 01 42 68 53 00
            PHONE  | German +49 (30) 1234 5678 line                         | +49 (30) 1234 5678
            PHONE  | call +4915133484142 please                             | +4915133484142
            PHONE  | call (+14155550134) today                              | +14155550134
            CARD   | my card is 4527830193661028 exp 04/29                  | 4527830193661028
            CARD   | card 4527 8301 9366 1028                               | 4527 8301 9366 1028
            CARD   | mastercard 5376-0411-8822-9503                         | 5376-0411-8822-9503
            CARD   | amex 3782 144930 55173                                 | 3782 144930 55173
            CARD   | discover 6011982736450191.                             | 6011982736450191
            IBAN   | pay to DE39370502991234567890 by Friday                | DE39370502991234567890
            IBAN   | IBAN: GB78 BARC 2003 8447 2910 53                      | GB78 BARC 2003 8447 2910 53
            IBAN   | FR7630006000011234567890189                            | FR7630006000011234567890189
            IBAN   | NL81RABO0312345678                                     | NL81RABO0312345678
            IBAN   | IBAN DE89 3704 0044 0532 0130 00 I think it bounced    | DE89 3704 0044 0532 0130 00
            SSN    | SSN 512-38-4471 on file                                | 512-38-4471
            SSN    | ssn: 078-05-1121                                       | 078-05-1121
            NATIONAL_ID | mi DNI es 12345678Z, gracias                      | 12345678Z
            NATIONAL_ID | NIE Y8765432P on file                             | Y8765432P
            NATIONAL_ID | DNI 45872913-B on the form                        | 45872913-B
            NATIONAL_ID | NI number AB 12 34 56 C for payroll               | AB 12 34 56 C
            NATIONAL_ID | nino JT123456D.                                   | JT123456D
            IP     | the server 192.168.10.24 is down                       | 192.168.10.24
            IP     | from 8.8.4.4, then                                     | 8.8.4.4
            IP     | host 2001:db8:85a3::8a2e:370:7334 refused              | 2001:db8:85a3::8a2e:370:7334
            IP     | full fe80:0:0:0:202:b3ff:fe1e:8329 addr                | fe80:0:0:0:202:b3ff:fe1e:8329
            IP     | gateway fe:ab::cd:ef down                              | fe:ab::cd:ef
            SECRET | key sk-proj-Xq81vLmN02pZtRw7yUbKcE5dHf9gJa3s works?    | sk-proj-Xq81vLmN02pZtRw7yUbKcE5dHf9gJa3s
            SECRET | use sk-ant-api03-Rt5yWq2LmZx9PbVn4KcD8sJf              | sk-ant-api03-Rt5yWq2LmZx9PbVn4KcD8sJf
            SECRET | AWS AKIAZ7Q3M5N8R2T4W6YB leaked                        | AKIAZ7Q3M5N8R2T4W6YB
            SECRET | token ghp_a8Kd02LmQz7Rt5yWq2LmZx9PbVn4KcD8sJf1         | ghp_a8Kd02LmQz7Rt5yWq2LmZx9PbVn4KcD8sJf1
            SECRET | slack xoxb-2048-77120-Qz7Rt5yWq2Lm                     | xoxb-2048-77120-Qz7Rt5yWq2Lm
            SECRET | bearer Zm9vYmFyQmF6UXV4N2s5TDJwUnQ0dlc4eU1uQjNj       | Zm9vYmFyQmF6UXV4N2s5TDJwUnQ0dlc4eU1uQjNj
            """)
    void should_find_sensitive_data(PiiType type, String text, String value) {
        List<PiiFinding> found = DETECTOR.find(text, ALL);
        assertEquals(1, found.size(), () -> "findings " + found);
        PiiFinding f = found.getFirst();
        assertEquals(type, f.type());
        assertEquals(value, text.substring(f.start(), f.end()));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            my order number is 100293847561 and it has not arrived
            order #ORD-2024-0001187 was charged twice
            invoice INV-20240315-0042 is overdue
            invoice no. 2024003187 for March
            tracking 1Z999AA10123456784 shows delivered
            USPS tracking 9400111899223344556677 is stuck
            FedEx tracking 771234567890 please
            tracking 9400 0499 3288 0490 8715 38 is stuck
            card 4593 0269 9583 4920 declined
            the meeting is on 2024-03-15 at 10:30
            born 03/15/1987, moved 15.03.2004
            it costs $1,299.99 or 1.299,99 EUR
            total 12 345 678 units sold
            upgrade from v1.2.3.4 to version 10.0.19045.3803
            Java 21.0.2 and Node 20.11.1
            request id 3f2b8c1e-9a4d-4e7b-b1c2-7d8e9f0a1b2c
            commit 9fceb02d0ae598e95dc970b74767f19372d61af8 fixed it
            sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            card 4527830193661029 was declined
            numbers 1234567890123456 are not a card
            IBAN DE38370502991234567890 bounced
            account GB78BARC2003844729105 is short
            SSN 000-12-3456 is invalid
            SSN 666-12-3456 is never issued
            SSN 912-34-5678 is an ITIN range
            SSN 123-00-4567 has no group
            DNI 12345678A has the wrong letter
            NIE X1234567Z has the wrong letter
            part AB123456E ships today
            code GB123456A is not issued
            ref QQ123456C is the example prefix
            the time was 12:30:45 exactly
            MAC 00:1a:2b:3c:4d:5e on the router
            score 256.1.1.1 is not an address
            the word Supercalifragilisticexpialidocious123 is long
            path /usr/local/share/applications/config/defaults.json
            ISBN 978-3-16-148410-0 in stock
            call extension 4471 at the desk
            ticket PROJ-12345 and build 20240315.1
            """)
    void should_not_match_look_alikes(String text) {
        assertEquals(List.of(), DETECTOR.find(text, Set.of(PiiType.values())));
    }
}
