# The bot's words in English: every text a person sees. Each message keeps its id and its
# variables in every language; a program's overrides (program.messages_dir/en.ftl) are
# checked against them. Slack's own marks stay as they are: *bold*, _italic_, `code`.

## Requesters: confirmations and where a request stands

status-none = You have no open request.
status-none-text = You have no open request. Type `/peer-support` whenever you'd like to talk to someone.
status-title = Your request
status-matched = { $who } will reach out to you.
status-offered = We've asked a supporter and are waiting to hear back.
status-finding = We're finding you a supporter. A coordinator is keeping an eye on it.
button-withdraw-mine = Withdraw my request
button-withdraw-request = Withdraw request
withdrawn = Your request is withdrawn.
withdrawn-text = Your request is withdrawn, and nothing about it is kept. You can ask again any time with `/peer-support`.
request-received = Thank you for reaching out. Your request is in.
request-received-text = Thank you for reaching out. Your request is in, and only the program's coordinators can see who asked.
request-received-next = We'll match you with a peer supporter by *{ $by_day }*, and you'll get a message here naming your supporter. `/peer-support status` shows where it stands, and lets you withdraw it.
debrief-received = Thank you. Your request for a team debrief is in.
debrief-received-text = Thank you for looking out for your team. Your request for a debrief is in, and only the program's coordinators and the facilitator will know who asked.
debrief-received-next = We'll find a trained facilitator by *{ $by_day }*, and you'll get a message here naming them. They'll reach out to you to arrange a time.
debrief-matched = { $who } will lead your team's debrief.
debrief-matched-text = { $who } will lead your team's debrief and will message you to arrange a time and place. You don't need to do anything before then.
requester-matched = { $who } will reach out to you by { $by_day }.
requester-matched-text = { $who } will reach out to you by *{ $by_day }*, with { $how } as you asked. You don't need to do anything before then.
requester-matched-withdraw = If you'd rather not go ahead, `/peer-support status` lets you withdraw; nobody will ask why.

## Referrals and warm handoffs

consent-ask = A colleague thought you might welcome a conversation.
consent-ask-named = { $who } thought you might welcome a conversation with a peer supporter. Peer support is a confidential, one-on-one talk with a trained colleague. It's optional, and no notes are kept.
consent-ask-unnamed = A colleague thought you might welcome a conversation with a peer supporter. Peer support is a confidential, one-on-one talk with a trained colleague. It's optional, and no notes are kept.
consent-ask-question = Would you like us to connect you? Nobody else will know what you decide.
button-consent-yes = Yes, connect me
button-consent-no = No, thank you
handoff = Your peer supporter thought { $resource } could help too.
handoff-text = Your peer supporter thought *{ $resource }* could help, alongside your conversations with them. Some things are easier with more support, and reaching out is a strong thing to do.
handoff-how = How to reach them:
handoff-choice = It's your choice, and nobody will check whether you do.
said-yes = You said yes, and your request is in.
said-yes-text = You said yes, and your request is in. You'll get a message here naming your supporter. `/peer-support status` shows where it stands.
thanks-for-telling = Thank you for letting us know.
consent-declined-text = Thank you for letting us know. Nothing more will happen, and nobody is told your answer. `/peer-support` is here if you ever want it.
referrer-told = Thank you for looking out for { $who }. We've sent them a private message. What they decide stays with them.

## Check-ins and feedback

check-in = Checking in: how are you doing?
check-in-not-yet-contacted = Just checking in. Your peer supporter will be in touch soon, if they haven't been already. How are you doing in the meantime?
check-in-contacted = Just checking in now that your peer supporter has been in touch. How are you doing?
check-in-talked = Just checking in after your conversation with a peer supporter. How are you doing?
check-in-debrief-planned = Just checking in while your team's debrief is being arranged. How are you doing in the meantime?
check-in-after-debrief = Just checking in after your team's debrief. How are you doing?
check-in-no-reply = There's no need to reply; these buttons are here if they help.
button-checkin-okay = I'm doing okay
button-checkin-talk-again = I'd like to talk again
button-checkin-resources = Show me other resources
button-checkin-stop = Please stop checking in
check-in-okay-then = Thank you for letting us know. We're glad.
check-in-talk-again-then = A form to ask again is open. If you closed it, `/peer-support` opens it any time.
check-in-resources-then = They're in the message below.
check-in-stop-then = Understood. We won't check in again.
you-answered-plain = You answered: { $chosen }. { $then }
you-answered = You answered *{ $chosen }*. { $then }
peer-support-is-here = `/peer-support` is here whenever you need it.
check-in-already-answered = This check-in has already been answered or has closed, so nothing more was counted.
check-in-already-answered-next = If you'd like to talk to someone, type `/peer-support` to ask for a peer supporter, or `/peer-support status` to see where a request stands.
talk-again-requested = We've let { $who } know.
talk-again-requested-text = You answered *I'd like to talk again*. We've let { $who } know, and they will reach out soon.
feedback = Was this helpful?
feedback-text = Thank you for reaching out to peer support. *Was this helpful?* Your answer is anonymous and optional.
button-feedback-yes = Yes
button-feedback-somewhat = Somewhat
button-feedback-not-really = Not really
feedback-thanks = Thank you. Your answer helps the program, and it isn't linked to you.

## Outreach after an event

after-event = after { $event }
touching-base = Touching base{ $after }.
outreach-dm = Touching base{ $after }: peer support is here if you'd like it.
outreach-dm-text = { $program } offers everyone involved a confidential, one-on-one conversation with a trained colleague. It's entirely optional, it isn't therapy, and no notes are kept. Nobody is told whether you answer.
button-outreach-yes = Yes, I'd like to talk
button-outreach-not-now = Not now
button-outreach-ask-again = Ask me again in a few days
outreach-again = Checking in again, as you asked.
outreach-again-text = Checking in again{ $after }, as you asked. Would you like a confidential conversation with a peer supporter? There's no wrong answer.
outreach-not-now-text = Thank you for letting us know. Nobody is told your answer. `/peer-support` is here whenever you'd like it.
outreach-ask-again = We'll check in again.
outreach-ask-again-text = Of course. We'll check in again { $when }. Nobody is told your answer.

## Supporters

availability-paused = Offers are paused. Type `/peer-support resume` when you're ready again.
availability-back = You're available for offers again. Thank you.
not-a-supporter = You're not on the supporter roster, so there's nothing to pause. A coordinator can add you.
offer = A colleague would like to talk. Can you take it?
offer-title = Can you take a peer support request?
offer-who-named = { $who } would like to talk.
offer-who-unnamed = A colleague would like to talk.
fact-their-role = Their role:
fact-they-would-like = They'd like:
fact-good-times = Good times:
offer-decline-note = If you can't take it, Decline passes it on at once, no explanation needed. Unanswered, it passes on after { $within }.
button-accept = Accept
button-decline = Decline
button-contact-made = Contact made
button-conversation-happened = Conversation happened
button-safety-concern = I have a safety concern
assignment = Thank you. Please reach out to { $who } by { $by_day }.
assignment-text = Thank you for taking this. Please reach out to { $who } by *{ $by_day }*.
assignment-note = Keep no notes. Press Contact made once you've reached them, and Conversation happened when you've talked.
offer-gone-declined = Thank you for letting us know. We've asked someone else.
offer-gone-timed-out = This request has passed to another supporter, since it wasn't answered in time. Nothing to do.
offer-gone-passed-on = This request has passed to another supporter. Thank you.
offer-gone-not-needed = This request is no longer needed. Thank you for being ready to help.
assignment-ended-conversation = Thank you for being there for a colleague. This assignment is closed.
assignment-ended-coordinator = A coordinator has closed or passed on this assignment. Thank you for your care.
assignment-ended-withdrawn = Your colleague withdrew their request. Thank you for being ready to help.
supporter-paused = The last three offers passed without an answer, so we've paused new offers to you. No worries. When you're ready again, type `/peer-support resume`.
nudge = A gentle reminder about { $who }
nudge-text = A gentle reminder: { $who } is waiting to hear from you. If you've already been in touch, press Contact made on the assignment. If you can't reach out after all, that's okay: tell a coordinator and they'll pass it on.
talk-again-to-supporter = { $who } would like to talk again. Please reach out when you can.
safety-guidance = Thank you for raising this. A coordinator has been told.
safety-guidance-text = Thank you for raising this. The coordinators have been told and will contact you.
safety-backup = Backup, any time of day:

## Facts about a request, as supporters and coordinators see them

fact-asked-by = Asked by:
fact-from = From:
fact-role = Role:
fact-department = Department:
fact-site = Site:
fact-contact = Contact:
fact-would-like = Would like:
fact-team = Team:
fact-could-meet = They could meet:
debrief-a-unit = a unit
debrief-size-not-given = size not given
debrief-any-time = any time that works

## Team debriefs, for facilitators

debrief-offer = A team would like a debrief. Can you lead it?
debrief-offer-title = Can you lead a team debrief?
debrief-offer-text = A team has been through something hard and would like a debrief.
debrief-offer-decline-note = If you can't lead it, Decline passes it on at once, no explanation needed. Unanswered, it passes on after { $within }.
debrief-assignment = Thank you. Please reach out to { $who } by { $by_day } to arrange the debrief.
debrief-assignment-text = Thank you for leading this. Please reach out to { $who } by *{ $by_day }* to arrange a time and place.
debrief-assignment-note = Keep no notes and no attendance list. Press Contact made once you've reached them, and Conversation happened after the debrief.

## Support for the supporters

supporter-check-in = How is being a peer supporter going for you?
supporter-check-in-text = How is being a peer supporter going for you? Supporting colleagues can weigh on you too. Whatever you choose, only the coordinators hear, and only if you'd like to talk.
button-care-fine = I'm doing fine
button-care-talk = I'd like to talk to someone
button-care-pause = Pause me for a while
care-answered-fine = *{ $chosen }.* Thank you for letting us know, and for all you do.
care-answered-talk = *{ $chosen }.* The coordinators know, and one of them will reach out soon.
care-answered-pause = *{ $chosen }.* No new requests will come to you until { $until }. Take the time you need.
care-the-day-you-chose = the day you chose
care-pause-title = Pause for a while
care-pause-submit = Pause
care-pause-text = No new requests will come to you until the end of the day you choose. Anything you are already supporting goes on.
care-pause-until = Pause until
modal-cancel = Cancel
training-ended = Your peer supporter training date ({ $until }) has passed, so new requests are paused for now. Anything you are supporting goes on. Once you've renewed, a coordinator will update the roster.
training-ends-soon = Your peer supporter training runs until { $until }. To keep receiving requests after that, please renew it; a coordinator can tell you how.

## Coordinators: the roster form, reports and tools

choose = Choose
choose-a-person = Choose a person
choose-a-colleague = Choose a colleague
choose-a-date = Choose a date
optional = Optional.
modal-save = Save
modal-send = Send
modal-done = Done
roster-add-title = Add supporter
roster-edit-title = Edit supporter
roster-supporter = Supporter
roster-role = Role
roster-department = Department
roster-specialty = Specialty
roster-site = Site
roster-gender = Gender
roster-seniority = Career stage
roster-max-active = Requests at once
roster-team-debriefs = Team debriefs
roster-can-lead = Can lead team debriefs
roster-trained-until = Training current until
roster-trained-until-hint = After this day, no new requests are offered. Leave empty if the program does not track it.
admin-title = Peer support admin
stats-for-sites = For { $sites } only.
stats-by-site = By site
stats-site-line = { $requests } requests, { $matched } matched, { $closed } closed, { $withdrawn } withdrawn
count-fewer-than-five = fewer than 5
count-not-enough-data = not enough data
bucket-under-1h = under 1 hour
bucket-under-4h = under 4 hours
bucket-under-1d = under 1 business day
bucket-under-2d = under 2 business days
bucket-under-5d = under 5 business days
bucket-5d-or-more = 5 business days or more
report-title = Program counts for { $month }
report-note = Counts from 1 to 4 show as "fewer than 5". Times are business time, estimated from ranges.
report-handoff = Warm handoffs: { $resource }
report-requests = Requests
report-matched = Matched with a supporter
report-closed = Closed
report-withdrawn = Withdrawn
report-offers-accepted = Offers accepted
report-offers-declined = Offers declined
report-offers-timed-out = Offers timed out
report-checkins-sent = Check-ins sent
report-checkins-answered = Check-ins answered
report-feedback-yes = Feedback: helpful
report-feedback-somewhat = Feedback: somewhat
report-feedback-not-really = Feedback: not really
report-outreach-offered = Outreach offered
report-outreach-accepted = Outreach accepted
report-referrals-made = Referrals made
report-referrals-accepted = Referrals accepted
report-nominations = Supporters nominated
report-debrief-requests = Team debriefs requested
report-debrief-matched = Team debriefs with a facilitator
report-debrief-closed = Team debriefs closed
report-debrief-withdrawn = Team debriefs withdrawn
report-supporter-checkins-sent = Supporter check-ins sent
report-supporter-checkins-fine = Supporter check-ins: doing fine
report-supporter-checkins-talk = Supporter check-ins: would like to talk
report-supporter-checkins-pause = Supporter check-ins: paused for a while
report-time-to-match-median = Time to match, median
report-time-to-match-p90 = Time to match, 90th percentile
report-time-to-contact-median = Time to first contact, median
report-time-to-contact-p90 = Time to first contact, 90th percentile

## Coordinators: alerts and their threads

alert-title = Peer support request #{ $id }
alert-debrief-title = Team debrief request #{ $id }
alert = { $title } from { $who }
fact-after = After:
fact-about = About:
alert-resent = Sent again after a restart. Anything they wrote was in the first message, which did not arrive; it is not kept, so please ask them.
alert-in-their-words = In their words:
alert-note = What they wrote and what it's about are removed from this message when the request closes. Please keep no notes.
button-reassign = Reassign
button-close = Close
button-offer-anyway = Offer anyway
same-event-warning = { $who } was among the people reached after the same event as request #{ $id }, so they were not offered it. They may be carrying it too. Offer it to them anyway?
supporter-wants-to-talk = { $who } answered their supporter check-in: they'd like to talk to someone. Supporters need support too; please reach out to them soon.
training-ended-coordinator = { $who }'s peer supporter training date ({ $until }) has passed, so they won't be offered new requests. Their current ones go on. Once they've renewed, update `trained_until` on the roster.
training-ends-soon-coordinator = { $who }'s peer supporter training runs until { $until }. After that they won't be offered new requests until the roster shows a later date.
now-offered = Offered to { $who }, waiting for their answer.
now-offered-because = Offered to { $who } ({ $reason }), waiting for their answer.
now-accepted = Matched: { $who } accepted and will reach out.
now-contacted = Matched: { $who } has made contact.
now-choosing = Waiting for a coordinator to choose a supporter.
now-no-supporter = No supporter available yet. A coordinator can assign one.
now-reassigning = Being reassigned.
now-plain = Peer support request #{ $id }: { $line }
now-label = Now:
best-matches = Best matches:
button-offer-to = Offer to { $name }
assign-to = Assign to
no-supporter-text = *No supporter* who fits this request is available right now. You can offer it to anyone on the roster:
by-whom = by { $who }
thread-offered = Offered to { $who }{ $by }{ $reason }.
thread-declined = { $who } declined.
thread-timed-out = { $who } didn't answer in time.
thread-left-roster = { $who } left the roster, so the offer is passing on.
thread-accepted = { $who } accepted and will reach out.
thread-contact-made = { $who } has made contact.
thread-no-supporter = No supporter is available for this request.
thread-candidates = The next best matches:
thread-reassigning = { $who } is reassigning this request.
thread-reassigned = { $who } took this request back from { $from }.
thread-closed-by = Closed by { $who }.
thread-withdrawn = The requester withdrew this request.
thread-still-waiting = Request #{ $id } is still waiting for a supporter after { $waited }.
thread-no-contact-yet = { $who } hasn't marked contact made yet.
ending-conversation = Closed: the conversation happened.
ending-coordinator = Closed by a coordinator.
ending-withdrawn = Withdrawn by the requester.
the-requester = the requester
scrubbed = Peer support request #{ $id } from { $who }. { $how }
scrubbed-title = ~Peer support request #{ $id }~ from { $who }
scrubbed-note = The details were removed when the request ended.
nominate-title = Nominate a supporter
nominate-text = Know a colleague who would make a good peer supporter? The coordinators will hear, and they'll reach out to them. Nothing else is kept.
nominate-colleague = Your colleague
nominate-role = Their role
nominate-thanks = Thank you. The coordinators will hear, and they'll reach out to your colleague. Nobody else is told.
nomination = { $by } nominated { $who }{ $role } as a peer supporter.
nomination-next = If they'd like to join, add them once they're trained.
button-add-supporter = Add supporter
button-connect-resource = Connect to a resource
handoff-modal-text = Choose a resource to suggest. They'll get a private message naming it, how to reach it, and that you thought it could help. Nothing else is shared.
handoff-resource = Resource
surge = { $count } peer support requests since { $since }
surge-title = Many requests at once: { $count } since { $since }
surge-counts = *{ $offered }* offered to a supporter, waiting for their answer{"\u000A"}*{ $matched }* matched{"\u000A"}*{ $closed }* closed or withdrawn{"\u000A"}*{ $waiting }* waiting for a coordinator to choose a supporter
role-not-given = Role not given
surge-not-offered = no supporter offered yet
surge-more = { $count } more are waiting: your Home tab's queue lists every request, with Reassign, Close and Assign to.
surge-note = During a surge you get this one message, updated as requests arrive, instead of one message each. Requests with topics or a note have their own message in this thread. Please keep no notes.
safety-alert = Safety concern on request #{ $id }
safety-alert-label = Safety concern:
safety-alert-text = { $who } raised a safety concern on request #{ $id } (assignment { $assignment }). Please contact them now.

## Leaders

outreach-title = Offer peer support
outreach-modal-text = Everyone you choose gets a private, caring message offering a confidential conversation with a peer supporter. You'll be told how many it went to, never who answers or how.
outreach-colleagues = Colleagues involved
outreach-choose-colleagues = Choose colleagues
outreach-event = What happened
choose-optional = Choose (optional)
outreach-event-hint = Optional. It is mentioned in the message, in these words.
outreach-note = A personal note
outreach-note-hint = Optional. Shown in each message, then erased once every message is sent.
outreach-on-its-way = Thank you for looking after your team. Your message is on its way to the { $count } { $count ->
        [one] colleague
       *[other] colleagues
    } you chose. You won't be told who answers or how; the totals appear only in the program's monthly counts.

## Everyone: help, resources, refusals and form errors

crisis-prefix = :telephone_receiver:
any-time = any time
not-given = Not given
help = { $program }: how to use it
help-intro = *{ $program }* connects you with a trained colleague for a confidential conversation.
help-ask = ask for support, for yourself or a colleague
help-status = see or withdraw your request
help-resources = other support you can reach today
help-team = ask for a debrief for your team after a hard event
help-nominate = suggest a colleague who would make a good peer supporter
help-or = or
help-pause = supporters, stop or restart offers
unknown-command = I didn't recognise that. Try /peer-support help.
unknown-command-text = I didn't recognise that. `/peer-support help` lists what I can do.
resources = Other support you can reach
resources-intro = Other support you can reach, any time:
resources-none = Your program coordinators can point you to local services.
not-eligible = Support you can reach today
not-eligible-inline = { $program } isn't open to your team through Slack yet. `/peer-support resources` lists support you can reach today. { $crisis }
not-eligible-text = Thank you for reaching out. { $program } isn't open to your team through Slack yet, but you don't have to wait for support: these can help today.
modal-failed = Sorry, the form didn't open.
modal-failed-text = Sorry, the form didn't open. Please try again in a moment: press the button again, or type `/peer-support`.
went-wrong = Sorry, something went wrong on our side.
went-wrong-text = Sorry, something went wrong on our side, and nothing was changed. Please try again in a moment.
refusal-no-longer-available = This request is no longer available. Thank you for being ready to help.
refusal-not-your-offer = This offer was made to another supporter, so only they can answer it.
refusal-not-your-assignment = Only the supporter on this assignment can use these buttons.
refusal-coordinators-only = Only the program's coordinators can do this. If something needs changing, ask one of them: { $coordinators }.
refusal-leaders-only = Only the program's leaders can start outreach. A coordinator can help if something happened.
refusal-not-your-request = Only the person who asked can withdraw this request.
refusal-already-done = That's already recorded. Thank you.
refusal-already-open = You already have a request open. `/peer-support status` shows where it stands.
refusal-not-on-roster = That person isn't on the supporter roster. Choose someone on the roster, or add them first.
refusal-request-gone = This request has already been closed or withdrawn.
refusal-already-on-roster = They're already a peer supporter. Thank you for thinking of them.
refusal-date-in-the-past = Please choose a day from today on.
refusal-same-event = They were part of the same event this request came from.
refusal-other-site = This request belongs to another site, so its coordinators look after it.
refusal-training-lapsed = Their peer supporter training date has passed, so requests can't go to them until the roster shows a later date. Please choose someone else.
refusal-cannot-offer = This request can't go to that supporter. Please choose someone else.
refusal-own-request = That is the person who asked for support, so this can't go to them. Please choose another supporter.
requester-refusal-already-open = You already have a request open, so a second one wasn't started.
requester-refusal-request-gone = This request has already been closed or withdrawn, so nothing changed.
requester-refusal-already-done = That's already been answered, so nothing more was counted.
requester-refusal-not-yours = This was meant for someone else, so only they can answer it.
next-step = If you'd like to talk to someone, type `/peer-support` to ask for a peer supporter. `/peer-support status` shows where your request stands.
redacted = This was about a peer support request that has closed. Nothing about it is kept.
refuse-peer-outreach = Only the program's leaders can use /peer-outreach. If you need something, a coordinator can help.
refuse-peer-admin = Only the program's coordinators can use /peer-admin. If you need something, a coordinator can help.
admin-bad-month = Please give the month as YYYY-MM, like `/peer-admin stats 2026-11`.
admin-help = `/peer-admin` opens the coordinator's tools; `/peer-admin stats YYYY-MM` shows a month's counts.
contact-made-noted = Thank you. Contact made is noted.
form-not-saved = Sorry, something went wrong on our side and nothing was sent. Please try again in a moment.
form-choose-pause-end = Choose the day the pause ends.
form-pause-already-answered = This check-in is already answered. `/peer-support pause` pauses offers any time.
form-choose-colleague = Choose the colleague you have in mind.
form-colleague-is-you = That's you. To ask for yourself, choose Myself above.
form-check-first = Please check with your colleague first, then tick this box.
form-choose-contact = Choose how you'd like to be reached.
form-choose-colleagues = Choose at least one colleague.
form-roster-not-saved = Sorry, that didn't save. Please try again.
form-choose-supporter = Choose the supporter.
form-whole-number = A whole number from 1 to 50.
form-choose-resource = Choose a resource.
form-choose-team = Choose the team from the list.
form-choose-size = Choose roughly how many people.
form-choose-when = Choose when the team could meet.
shortened = shortened: longer than the form allows
form-a-supporter = A supporter

## Days, dates and waits

day-today = today
day-tomorrow = tomorrow
day-date = { $weekday }, { $month } { $day }
date-with-year = { $month } { $day }, { $year }
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
wait-days = { $count } { $business ->
        [yes] business { $count ->
            [one] day
           *[other] days
        }
       *[no] { $count ->
            [one] day
           *[other] days
        }
    }
wait-hours = { $count } { $business ->
        [yes] business { $count ->
            [one] hour
           *[other] hours
        }
       *[no] { $count ->
            [one] hour
           *[other] hours
        }
    }
wait-minutes = { $count } { $count ->
        [one] minute
       *[other] minutes
    }

## A requester's wishes, as coordinators read them

wish-a-wish = a wish
wish-a-must = a must
wish-same-role = same role
wish-role = a { $role }
wish-outside-department = outside their department
wish-outside-site = at another site
wish-named = { $who } by name ({ $strength })
wish-interest = someone with an interest in { $interest } ({ $strength })
wish-rather-not = not someone they named (kept private)
wish-same-event = not a supporter from the same event

## The request form and the team debrief form

request-modal-title = Peer support
request-modal-intro = *{ $program }* puts you in touch with a trained colleague for a confidential, one-on-one conversation. It isn't therapy, and no notes are kept. Only the program's coordinators see who asked.
form-who-for = Who is this for?
form-myself = Myself
form-a-colleague = A colleague
form-colleague-hint = Only if this is for a colleague. We'll ask them privately; nothing starts unless they say yes.
form-before-referring = Before you refer a colleague
form-checked = I have checked with them
form-name-me = You may tell them it was me
prefer-not-to-say = Prefer not to say
no-preference = No preference
or = Or
form-about = What is it about?
form-only-coordinators-see = Optional. Only the coordinators see this.
form-your-role = Your role
form-your-department = Your department
form-your-site = Your site
form-rather-not = Anyone you would rather not talk with
form-choose-people = Choose people
form-rather-not-hint = Optional. They will never be offered your request, and nobody tells them.
form-who-to-talk-to = Who would you like to talk to?
form-same-role = Someone in the same role as me
form-outside-department = Someone outside my department
form-outside-site = Someone at another site
form-who-to-talk-to-hint = Optional. We'll only offer your request to supporters who fit what you choose.
form-specific-role = A supporter in a specific role
form-gender = A supporter who is
form-seniority = A supporter who is, in their career
form-contact = How would you like to be reached?
form-good-times = Good times to reach you
form-note = Anything the coordinator should know
form-note-hint = Optional. Only the coordinators read this; it is never stored.
form-ask-supporter = A supporter you'd like, from Meet the supporters
form-no-one-in-particular = No one in particular
form-ask-supporter-hint = Optional. The Home tab introduces them.
form-ask-interest = Someone with an interest in
form-a-wish = A wish: ask them first
form-a-must = A must: only them
form-wish-or-must = Is that a wish or a must?
form-wish-or-must-hint = With a must, if nobody fits, a coordinator will get in touch with you.
debrief-modal-title = Team debrief
debrief-modal-intro = A team debrief is a confidential group conversation for a unit after a hard event, led by a trained facilitator from *{ $program }*. It isn't a review of what happened, and no notes or attendance are kept.
debrief-unit = Which team or unit?
debrief-size = About how many people
debrief-when = When could the team meet?
debrief-note-hint = Optional. Only the coordinators read this; it is never stored. Please don't list names.

## The choices people make (each kind's code, then its words)

Role-physician = Physician
Role-nurse = Nurse
Role-app = Advanced practice provider (NP, PA)
Role-resident = Resident or fellow
Role-pharmacist = Pharmacist
Role-therapist = Therapist (respiratory, physical, occupational)
Role-technician = Technician or technologist
Role-staff = Other staff
Topic-clinical_event = A difficult clinical event
Topic-patient_death = A patient death
Topic-medical_error = A medical error
Topic-litigation = Litigation
Topic-burnout = Burnout or chronic stress
Topic-conflict = Workplace conflict
Topic-work_life = Work-life balance
Topic-bereavement = Bereavement
Topic-personal = Something personal
Topic-other = Something else
EventKind-patient_death = A patient death
EventKind-clinical_event = A difficult clinical event
EventKind-medical_error = A medical error or adverse event
EventKind-violence = Violence in the workplace
EventKind-mass_casualty = A mass-casualty event
EventKind-loss = The loss of a colleague
EventKind-other = Something else
ContactPref-slack = A Slack message
ContactPref-phone = A phone call
ContactPref-video = A video call
ContactPref-in_person = In person
GoodTime-mornings = Mornings
GoodTime-afternoons = Afternoons
GoodTime-evenings = Evenings
GoodTime-weekends = Weekends
GoodTime-between_shifts = Before or after my shift
Gender-woman = A woman
Gender-man = A man
Gender-nonbinary = A nonbinary person
Seniority-early = Early in their career
Seniority-mid = Mid-career
Seniority-senior = Experienced, senior
TeamSize-2_5 = 2 to 5 people
TeamSize-6_10 = 6 to 10 people
TeamSize-11_20 = 11 to 20 people
TeamSize-over_20 = More than 20 people
MeetWhen-soon = In the next day or two
MeetWhen-this_week = Later this week
MeetWhen-next_week = Next week
MeetWhen-flexible = Any time that works

## The Home tab

home-outreach = Outreach
home-outreach-text = After a difficult event, offer everyone involved a confidential conversation with a peer supporter.
button-start-outreach = Start outreach
button-ask-for-support = Ask for support
button-request-debrief = Request a team debrief
home-connected = Connected with { $who }.
home-waiting = Waiting for a match. A coordinator is keeping an eye on it.
home-intro = Talk with a trained colleague, in confidence, after a hard day, a difficult event, or a long stretch. It isn't therapy, and no notes are kept.
home-other-support = Other support
directory-title = Meet the supporters
directory-note = You can ask for one of them by name, or for an area of interest, on the request form.
directory-more = And { $count } more.
home-as-supporter = As a supporter
home-availability = Availability:
home-available = Available
home-paused = Paused
home-paused-until = Paused until { $day }
button-resume-offers = Resume offers
button-pause-offers = Pause offers
home-carrying = Carrying:
home-carrying-count = { $count } of { $max } at once
home-you-lead = you can lead them
home-training = Training:
home-training-ended = ended { $day }; no new requests until it is renewed
home-training-current = current until { $day }
home-directory-entry = Meet the supporters:
home-listed = you are listed
home-listed-with = you are listed, with { $interests }
home-not-listed = not listed
button-stop-listing = Stop listing me
button-list-me = List me in Meet the supporters
home-my-interests = My areas of interest
home-pause-until = Pause until…
home-offer = *Offer:* a colleague would like to talk. Their role: { $role }. They'd like: { $wants }.
home-offer-debrief = *Offer:* a team debrief. { $facts }.
home-a-unit = A unit
home-contact-made = contact made
home-please-reach-out = please reach out
home-assignment = *{ $who }* ({ $stage }). They'd like: { $wants }.
home-assignment-debrief = *Team debrief* asked for by { $who } ({ $stage }). { $facts }.
home-coordinator = Coordinator
home-this-month = This month
home-this-month-at = This month at { $sites }
home-month-counts = { $requests } requests, { $matched } matched, { $closed } closed. `/peer-admin stats` has the full report.
home-queue = Queue
home-open = ({ $count } open)
queue-connected = connected with { $who }
queue-accepted = accepted by { $who }, no contact yet
queue-offered = offered to { $who }
queue-unmatched = unmatched
queue-matched-in = matched in { $took }, { $ago } ago
queue-overdue = overdue
queue-waiting = waiting { $waited }; we aim to match within { $promise }
queue-debrief-for = team debrief for
queue-debrief-of-for = team debrief ({ $unit }) for
home-roster = Roster
home-roster-count = ({ $count } supporters)
roster-no-role = No role
roster-training-ended = training ended
roster-paused = paused
roster-available = available
roster-leads-debriefs = leads debriefs
roster-menu-edit = Edit
roster-menu-remove = Remove
roster-up-to = up to { $count }
button-previous = Previous
button-next = Next

## Why a supporter ranks where they do, as coordinators read it

why-asked-for = asked for
why-interest = interest: { $interest }
why-same-role = same role: { $role }
why-role = role: { $role }
why-same-site = same site
why-outside-department = outside their department
why-seniority = career stage: { $seniority }
why-active = { $count } active
