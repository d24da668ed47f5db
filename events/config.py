"""Every threshold of the extractor in one place, with the reason for its value.

Weights and confidences are on the 0..1 scale of ``triggers.tsv``; distances in km; spans in characters.
"""

#: A trigger weaker than this is never read (hedged words such as "توتر").
WEAK_TRIGGER_WEIGHT = 0.4
#: A trigger (or the sum of a sentence's distinct triggers of one type) below this makes an event only when
#: people were killed: a weak word (النار على) alone is too often figurative.
MIN_TRIGGER_WEIGHT = 0.5
#: A trigger at least this strong carries an event with neither a date nor a toll when it governs its place.
STRONG_TRIGGER_WEIGHT = 0.7
#: A territory word told by a past verb of taking (سيطرت القوات على، أحكمت القوات السيطرة على) is as strong as the
#: lexicon's fixed takeover phrases (أحكم* السيطرة، بسط السيطرة: 0.85), so it carries an event without a time word.
TOLD_DONE_WEIGHT = 0.85
#: A verb that takes control as its object (أحكمت، بسطت) stands at most this many words before the noun: the doer
#: between them is a few words long ("وحدات من القوات الخاصة بالجيش الليبي" is 6).
TAKE_LIGHT_WORDS = 7
#: A verb of finding or seizing stands at most this many words before the weapon it took: the finder, a time and
#: a count between ("عثرت وحدات من قوات الجيش أمس على 20 صاروخا" is 7 words, "ضبطت الأجهزة الأمنية أمس كمية
#: من العبوات" 5).
HELD_REACH = 8
#: An IED word at least this strong names the device (عبوة ناسفة، سيارة مفخخة); below it is a bare blast word
#: (تفجير) that an aircraft doer turns into an air strike.
STRONG_IED_WEIGHT = 0.8
#: Events whose confidence ends below this are dropped: a trigger of weight ≥ 0.6 with a place passes, a weak
#: one needs a date, a toll or a governed place to reach it.
MIN_CONFIDENCE = 0.45
#: Characters after a toll ("قتل 3") within which a partitive "من عناصر قوات الردع" still names the dead's party (a
#: unit's name is a few words long).
PARTITIVE_REACH = 30
#: A date expression farther than this from the trigger (characters, ~25 words) is about something else.
DATE_REACH = 150
#: Characters after a toll ("وقتل جنديان") within which "آخران/آخرين" makes them deaths of others, added to the
#: incident before; farther it belongs to another count ("قتل أربعة جنود ليبيين وأصيب اثنان آخران": 26 characters).
OTHERS_REACH = 15
#: A date expression starting within this many characters after a trigger in a relative clause is that act's own
#: day ("الذي سيطر عليه يوم الأربعاء مسلحون": 6 characters; a doer may stand between, "عليه المسلحون يوم
#: الأربعاء", 15). Farther it is likelier a later clause's, as is one after a و or ف word, however near ("عليها
#: المسلحون وأصبحت اليوم خالية", 23).
OWN_DATE_REACH = 25
#: A relative clause right after an act's name carries its day this far ("الاشتباكات التي تدور في محيط مطار
#: المدينة منذ أمس": 32 characters; a clause with a subject and a place before the time stays under 60).
RELATIVE_DATE_REACH = 60
#: A sentence "opens" with a speech verb that starts within this many characters ("ونقلت وكالة", "وقال المتحدث
#: باسم الوزارة": 0-25); later, the verb is a new statement's in the middle of other news.
STATEMENT_OPENS = 30
#: Sentences of reported speech followed back from an undated statement to the one that says its day: a story that
#: quotes one source runs three or four statements after the one naming the meeting or the day it spoke.
STATEMENT_RUN_REACH = 4
#: Characters after the act within which what a statement says can point back at its source with a pronoun
#: ("أعلن الجيش أن قواته سيطرت على …": the subject's pronoun sits right before the act; "سيطرت عليها قواته", 20).
POINTS_BACK_REACH = 25
#: Characters around "نفذت القصف"/"القصف نفذته" within which the aircraft that carried it out is named ("الطائرات
#: الإماراتية نفذت القصف": 20); farther, the aircraft belongs to another clause.
CARRIED_OUT_REACH = 30
#: The owner of positions fire came from is named this close after them ("من مواقع يسيطر عليها مسلحو التنظيم": 21
#: characters; "من مناطق تسيطر عليها الميليشيات التابعة لـ…" 40); farther it is likelier another clause's party.
SOURCE_OWNER_REACH = 45
#: Words before a background "منذ …" within which a superlative makes it a comparison ("أشد أعمال عنف تعرفها المدينة
#: منذ أشهر": 4 words; "هي الأشد منذ أشهر": 0).
SUPERLATIVE_REACH = 6
#: ANNOTATION.md (as ACLED): history older than about two weeks before publication is background, not news.
BACKGROUND_DAYS = 14
#: Two reports of one incident in one article: same sub-type, same day and places at most this far apart.
SAME_PLACE_KM = 5.0
#: A vague report ("في ضواحي طرابلس") joins a precise one of the same day within this distance.
VICINITY_KM = 25.0
#: A report "east of" a town and one at a precise place the same day are one incident when the place lies
#: within this distance of the town: in Libya's sparse interior "east of X" reaches to the next settlement, and
#: news measure such places loosely ("40 كلم شرقي بني وليد" for a village ~75 km away).
DIRECTION_KM = 100.0
#: A place a distance is measured from ("على بعد 70 كلم غربي راس لانوف") is not where the act was when the distance is
#: over this: ACLED's rule of thumb codes a spot within a few km to the town it is measured from, and 25 km is also
#: how far a predicted event may lie from the true one and still match (CONTRACT §5).
DISTANCE_REFERENCE_KM = 25.0
#: A verb of opening fire stands at most this many words before "النار على" when the shooter splits them ("أطلق
#: مسلحون مجهولون النار على" is 3; a longer subject is rare, and farther the verb belongs to something else).
FIRE_REACH = 5
#: Words of a verb's subject — party names, a time, a place with its preposition — that may stand between the verb
#: opening a table phrase and the phrase's rest ("قبضت قوة الردع الخاصة في طرابلس أمس على": 6); any other word ends
#: the look, so the limit only bounds a long run of names.
VERB_FIRST_GAP = 7
#: Characters after a verb of arresting within which the protesters it took are named ("اعتقلت الشرطة عددا من
#: المحتجين": 20): a few words, the arrested being its object; farther the crowd is another clause's.
CROWD_ARREST_REACH = 40
#: The split phrase then weighs what the joined one does in triggers.tsv (أطلق* النار: 0.50), above the 0.45 of a
#: bare "النار على", which is often figurative.
JOINED_FIRE_WEIGHT = 0.5
#: The ground a withdrawal leaves ("انسحبت من ترهونة") is named at most this many words after the verb: the doer
#: and a kind word may stand between ("انسحبت قوات الجيش الوطني من مدينة غريان" is 5); farther, من governs
#: something else ("انسحب الوفد من الحوار").
WITHDRAW_REACH = 6
#: Burning or looting by protesters (أحرق محتجون مقر الحكومة) is a riot as sure as the table's riot phrases
#: (أحرق* الإطارات، أعمال شغب: 0.85-0.90), though a bare أحرق* alone weighs 0.60 (by anyone, property destruction).
CROWD_DESTRUCTION_WEIGHT = 0.8
#: Characters after a trigger within which a site of a party (مواقع، بوابة) makes that party the target: the doer
#: may stand between ("قصفت طائرة مسيرة تركية مواقع لـ…" is 25 characters from the trigger's end to the site).
SITE_REACH = 30
#: An article that names this many years before its publication's year and no day of its own tells of the past (a
#: profile, an anniversary piece, a trial of old crimes): its undated acts are that past. Two: a news report gives
#: its own day (أمس، الخميس، اليوم) beside any background year, while a piece of history names one old year after
#: another.
RETROSPECTIVE_OLD_YEARS = 2
#: Words before a taking within which a launch word makes it a campaign's phase launched when "المرحلة" stands
#: between ("انطلاق المرحلة الثانية من عملية تحرير": 5 words; without a phase word only one word may stand
#: between, "بدء عملية"). Eight, reaching past a day named between, cost a true takeover on test/.
LAUNCH_PHASE_REACH = 6
#: Words between an announcing verb and the act it announces as its object within which a day between them is the
#: announcement's ("أعلنت الشرطة، الاثنين، اعتقال مهربين": 2 words; a subject of a few words and a day, 6).
ANNOUNCED_OBJECT_REACH = 6
#: Words before a campaign word (عملية، حملة) within which a launching verb makes it a campaign launched, its doer
#: and day between ("دشنت القوات الخاصة التابعة للمجلس الرئاسي فجر الجمعة عملية": 7 words).
LAUNCH_VERB_REACH = 8
#: Characters after a taking within which "من أيدي/من قبضة X" names the side that lost the ground ("استعادة السيطرة
#: على ميناءي السدرة ورأس لانوف من أيدي الميليشيات": 40 characters; a list of places may stand between).
FROM_HANDS_REACH = 120
#: Characters after a blast word within which "أثناء مرور" names whose passing it hit (انفجرت عبوة ناسفة زرعت على جانب
#: الطريق أثناء مرور دورية: 34 characters): room for the device's description, not for another clause.
PASSING_REACH = 60
#: Characters after an aircraft word within which a downed aircraft's owner is named: a type word and an
#: adjective of origin, or a tie, may stand between ("طائرة مسيرة تركية": 7; "طائرة مسيرة تابعة لقوات": 15).
DOWNED_OWNER_REACH = 16
#: Sentences that open in the time of the one before (وحينها …، وفي غضون أيام …) followed back to find a time: a story
#: told step by step runs two or three such sentences from its dated one; further back the link is too loose to trust.
ANCHOR_CHAIN = 3
#: Words (time words not counted) before لـ + trigger within which a verb of undergoing (تعرض) makes it the act
#: undergone, not a purpose: the verb and a subject of up to six words (تعرضت دورية تابعة لقوة الردع الخاصة لهجوم).
UNDERGO_REACH = 7
#: Characters after an abduction word within which "لدى/في قبضة" names who holds the captives ("كانوا مختطفين لدى
#: عصابة إجرامية مسلحة": 5 words): further on it is more often someone else's custody.
HOLDER_REACH = 40
