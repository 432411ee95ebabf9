# Las palabras del bot en español: todo texto que una persona ve. Cada mensaje conserva su
# id y sus variables del catálogo en inglés; los comandos (/peer-support) no se traducen.
# Las marcas de Slack se mantienen: *negrita*, _cursiva_, `código`.

## Quien pide apoyo: confirmaciones y en qué punto está su solicitud

status-none = No tiene ninguna solicitud abierta.
status-none-text = No tiene ninguna solicitud abierta. Escriba `/peer-support` cuando quiera hablar con alguien.
status-title = Su solicitud
status-matched = { $who } se pondrá en contacto con usted.
status-offered = Se la hemos ofrecido a una persona de apoyo y esperamos su respuesta.
status-finding = Estamos buscando una persona de apoyo para usted. Una coordinadora o un coordinador está pendiente.
button-withdraw-mine = Retirar mi solicitud
button-withdraw-request = Retirar la solicitud
withdrawn = Su solicitud se ha retirado.
withdrawn-text = Su solicitud se ha retirado y no se guarda nada de ella. Puede volver a pedir apoyo cuando quiera con `/peer-support`.
request-received = Gracias por escribirnos. Su solicitud está recibida.
request-received-text = Gracias por escribirnos. Su solicitud está recibida, y solo el equipo de coordinación del programa puede ver quién la hizo.
request-received-next = Le asignaremos una persona de apoyo antes del *{ $by_day }*, y recibirá aquí un mensaje con su nombre. `/peer-support status` muestra en qué punto está y le permite retirarla.
debrief-received = Gracias. Su solicitud de una sesión de equipo está recibida.
debrief-received-text = Gracias por cuidar de su equipo. Su solicitud de una sesión de equipo está recibida, y solo el equipo de coordinación y la persona que la facilite sabrán quién la pidió.
debrief-received-next = Buscaremos una persona facilitadora antes del *{ $by_day }*, y recibirá aquí un mensaje con su nombre. Se pondrá en contacto con usted para acordar un momento.
debrief-matched = { $who } facilitará la sesión de su equipo.
debrief-matched-text = { $who } facilitará la sesión de su equipo y le escribirá para acordar el momento y el lugar. No tiene que hacer nada mientras tanto.
requester-matched = { $who } se pondrá en contacto con usted antes del { $by_day }.
requester-matched-text = { $who } se pondrá en contacto con usted antes del *{ $by_day }*, por { $how }, como pidió. No tiene que hacer nada mientras tanto.
requester-matched-withdraw = Si prefiere no seguir adelante, `/peer-support status` le permite retirarla; nadie le preguntará por qué.

## Derivaciones y acompañamiento a otros recursos

consent-ask = Alguien pensó que quizá le vendría bien una conversación.
consent-ask-named = { $who } pensó que quizá le vendría bien una conversación con una persona de apoyo entre pares. Es una conversación confidencial, a solas, con un colega con formación. Es voluntaria y no se toman notas.
consent-ask-unnamed = Un colega pensó que quizá le vendría bien una conversación con una persona de apoyo entre pares. Es una conversación confidencial, a solas, con un colega con formación. Es voluntaria y no se toman notas.
consent-ask-question = ¿Quiere que le pongamos en contacto? Nadie más sabrá lo que decida.
button-consent-yes = Sí, pónganme en contacto
button-consent-no = No, gracias
handoff = Su persona de apoyo pensó que { $resource } también podría ayudarle.
handoff-text = Su persona de apoyo pensó que *{ $resource }* podría ayudarle, junto con sus conversaciones. Algunas cosas son más llevaderas con más apoyo, y pedirlo es un gesto de fortaleza.
handoff-how = Cómo contactar:
handoff-choice = Usted decide, y nadie comprobará si lo hace.
said-yes = Dijo que sí, y su solicitud está recibida.
said-yes-text = Dijo que sí, y su solicitud está recibida. Recibirá aquí un mensaje con el nombre de su persona de apoyo. `/peer-support status` muestra en qué punto está.
thanks-for-telling = Gracias por decírnoslo.
consent-declined-text = Gracias por decírnoslo. No pasará nada más y nadie sabrá su respuesta. `/peer-support` sigue aquí si algún día lo necesita.
referrer-told = Gracias por preocuparse por { $who }. Le hemos enviado un mensaje privado. Lo que decida queda entre esa persona y el programa.

## Seguimiento y opinión

check-in = Un saludo: ¿cómo se encuentra?
check-in-not-yet-contacted = Solo queríamos saber de usted. Su persona de apoyo se pondrá en contacto pronto, si no lo ha hecho ya. ¿Cómo se encuentra mientras tanto?
check-in-contacted = Solo queríamos saber de usted ahora que su persona de apoyo ya le ha contactado. ¿Cómo se encuentra?
check-in-talked = Solo queríamos saber de usted después de su conversación con una persona de apoyo. ¿Cómo se encuentra?
check-in-debrief-planned = Solo queríamos saber de usted mientras se organiza la sesión de su equipo. ¿Cómo se encuentra mientras tanto?
check-in-after-debrief = Solo queríamos saber de usted después de la sesión de su equipo. ¿Cómo se encuentra?
check-in-no-reply = No hace falta responder; estos botones están aquí por si le sirven.
button-checkin-okay = Estoy bien
button-checkin-talk-again = Me gustaría volver a hablar
button-checkin-resources = Ver otros recursos
button-checkin-stop = Por favor, no me escriban más
check-in-okay-then = Gracias por decírnoslo. Nos alegra.
check-in-talk-again-then = Se ha abierto un formulario para pedirlo. Si lo cerró, `/peer-support` lo abre cuando quiera.
check-in-resources-then = Están en el mensaje de abajo.
check-in-stop-then = Entendido. No le volveremos a escribir para saber de usted.
you-answered-plain = Respondió: { $chosen }. { $then }
you-answered = Respondió *{ $chosen }*. { $then }
peer-support-is-here = `/peer-support` está aquí siempre que lo necesite.
check-in-already-answered = Este mensaje ya tenía respuesta o ya se cerró, así que no se ha contado nada más.
check-in-already-answered-next = Si quiere hablar con alguien, escriba `/peer-support` para pedir una persona de apoyo, o `/peer-support status` para ver en qué punto está una solicitud.
talk-again-requested = Se lo hemos dicho a { $who }.
talk-again-requested-text = Respondió *Me gustaría volver a hablar*. Se lo hemos dicho a { $who }, y se pondrá en contacto pronto.
feedback = ¿Le resultó útil?
feedback-text = Gracias por acudir al apoyo entre pares. *¿Le resultó útil?* Su respuesta es anónima y voluntaria.
button-feedback-yes = Sí
button-feedback-somewhat = En parte
button-feedback-not-really = No mucho
feedback-thanks = Gracias. Su respuesta ayuda al programa y no está vinculada a usted.

## Acercamiento después de un suceso

after-event = después de { $event }
touching-base = Queríamos saber de usted{ $after }.
outreach-dm = Queríamos saber de usted{ $after }: el apoyo entre pares está aquí si lo quiere.
outreach-dm-text = { $program } ofrece a todas las personas implicadas una conversación confidencial, a solas, con un colega con formación. Es totalmente voluntaria, no es terapia y no se toman notas. Nadie sabrá si responde.
button-outreach-yes = Sí, me gustaría hablar
button-outreach-not-now = Ahora no
button-outreach-ask-again = Pregúntenme en unos días
outreach-again = Volvemos a escribirle, como nos pidió.
outreach-again-text = Volvemos a escribirle{ $after }, como nos pidió. ¿Le gustaría una conversación confidencial con una persona de apoyo? No hay respuesta equivocada.
outreach-not-now-text = Gracias por decírnoslo. Nadie sabrá su respuesta. `/peer-support` está aquí cuando lo quiera.
outreach-ask-again = Volveremos a escribirle.
outreach-ask-again-text = Por supuesto. Volveremos a escribirle { $when }. Nadie sabrá su respuesta.

## Personas de apoyo

availability-paused = Las ofertas están en pausa. Escriba `/peer-support resume` cuando esté lista o listo de nuevo.
availability-back = Vuelve a estar disponible para recibir ofertas. Gracias.
not-a-supporter = No figura en la lista de personas de apoyo, así que no hay nada que pausar. El equipo de coordinación puede añadirle.
offer = Un colega quiere hablar. ¿Puede atenderle?
offer-title = ¿Puede atender una solicitud de apoyo?
offer-who-named = { $who } quiere hablar.
offer-who-unnamed = Un colega quiere hablar.
fact-their-role = Su puesto:
fact-they-would-like = Prefiere:
fact-good-times = Buenos momentos:
offer-decline-note = Si no puede atenderla, Rechazar la pasa enseguida a otra persona, sin explicaciones. Si no responde, pasará a otra persona en { $within }.
button-accept = Aceptar
button-decline = Rechazar
button-contact-made = Ya contacté
button-conversation-happened = Ya hablamos
button-safety-concern = Tengo una preocupación de seguridad
assignment = Gracias. Póngase en contacto con { $who } antes del { $by_day }.
assignment-text = Gracias por atender esta solicitud. Póngase en contacto con { $who } antes del *{ $by_day }*.
assignment-note = No tome notas. Pulse Ya contacté cuando haya hablado con esa persona por primera vez, y Ya hablamos cuando hayan tenido la conversación.
offer-gone-declined = Gracias por decírnoslo. Se lo hemos pedido a otra persona.
offer-gone-timed-out = Esta solicitud ha pasado a otra persona de apoyo porque no hubo respuesta a tiempo. No tiene que hacer nada.
offer-gone-passed-on = Esta solicitud ha pasado a otra persona de apoyo. Gracias.
offer-gone-not-needed = Esta solicitud ya no hace falta. Gracias por su disposición a ayudar.
assignment-ended-conversation = Gracias por acompañar a un colega. Esta asignación está cerrada.
assignment-ended-coordinator = El equipo de coordinación ha cerrado o reasignado esta asignación. Gracias por su cuidado.
assignment-ended-withdrawn = Su colega retiró la solicitud. Gracias por su disposición a ayudar.
supporter-paused = Las tres últimas ofertas pasaron sin respuesta, así que hemos pausado las nuevas ofertas. No se preocupe. Cuando esté lista o listo, escriba `/peer-support resume`.
nudge = Un recordatorio amable sobre { $who }
nudge-text = Un recordatorio amable: { $who } espera tener noticias suyas. Si ya se han puesto en contacto, pulse Ya contacté en la asignación. Si al final no puede, no pasa nada: dígaselo al equipo de coordinación y la pasarán a otra persona.
talk-again-to-supporter = { $who } quiere volver a hablar. Póngase en contacto cuando pueda.
safety-guidance = Gracias por avisar. El equipo de coordinación ya lo sabe.
safety-guidance-text = Gracias por avisar. El equipo de coordinación ya lo sabe y se pondrá en contacto con usted.
safety-backup = Apoyo de guardia, a cualquier hora:

## Datos de una solicitud, tal como los ven las personas de apoyo y la coordinación

fact-asked-by = Lo pidió:
fact-from = De:
fact-role = Puesto:
fact-department = Servicio:
fact-site = Centro:
fact-contact = Contacto:
fact-would-like = Prefiere:
fact-team = Equipo:
fact-could-meet = Podrían reunirse:
debrief-a-unit = una unidad
debrief-size-not-given = tamaño sin indicar
debrief-any-time = cuando venga bien

## Sesiones de equipo, para quienes las facilitan

debrief-offer = Un equipo quiere una sesión. ¿Puede facilitarla?
debrief-offer-title = ¿Puede facilitar una sesión de equipo?
debrief-offer-text = Un equipo ha pasado por algo difícil y quiere una sesión.
debrief-offer-decline-note = Si no puede facilitarla, Rechazar la pasa enseguida a otra persona, sin explicaciones. Si no responde, pasará a otra persona en { $within }.
debrief-assignment = Gracias. Póngase en contacto con { $who } antes del { $by_day } para organizar la sesión.
debrief-assignment-text = Gracias por facilitarla. Póngase en contacto con { $who } antes del *{ $by_day }* para acordar el momento y el lugar.
debrief-assignment-note = No tome notas ni lista de asistencia. Pulse Ya contacté cuando haya hablado con esa persona, y Ya hablamos después de la sesión.

## Apoyo para quienes apoyan

supporter-check-in = ¿Cómo le va como persona de apoyo?
supporter-check-in-text = ¿Cómo le va como persona de apoyo? Acompañar a colegas también pesa. Elija lo que elija, solo lo sabrá el equipo de coordinación, y solo si quiere hablar.
button-care-fine = Estoy bien
button-care-talk = Me gustaría hablar con alguien
button-care-pause = Pausarme un tiempo
care-answered-fine = *{ $chosen }.* Gracias por decírnoslo, y por todo lo que hace.
care-answered-talk = *{ $chosen }.* El equipo de coordinación ya lo sabe y alguien se pondrá en contacto pronto.
care-answered-pause = *{ $chosen }.* No recibirá nuevas solicitudes hasta el { $until }. Tómese el tiempo que necesite.
care-the-day-you-chose = el día que eligió
care-pause-title = Pausar un tiempo
care-pause-submit = Pausar
care-pause-text = No recibirá nuevas solicitudes hasta el final del día que elija. Lo que ya esté acompañando sigue igual.
care-pause-until = Pausar hasta
modal-cancel = Cancelar
training-ended = La fecha de su formación como persona de apoyo ({ $until }) ya pasó, así que las nuevas solicitudes quedan en pausa por ahora. Lo que ya esté acompañando sigue igual. Cuando la renueve, el equipo de coordinación actualizará la lista.
training-ends-soon = Su formación como persona de apoyo es válida hasta el { $until }. Para seguir recibiendo solicitudes después, renuévela; el equipo de coordinación le dirá cómo.

## Coordinación: formulario de la lista, informes y herramientas

choose = Elija
choose-a-person = Elija a una persona
choose-a-colleague = Elija a un colega
choose-a-date = Elija una fecha
optional = Opcional.
modal-save = Guardar
modal-send = Enviar
modal-done = Listo
roster-add-title = Añadir persona de apoyo
roster-edit-title = Editar persona de apoyo
roster-supporter = Persona de apoyo
roster-role = Puesto
roster-department = Servicio
roster-specialty = Especialidad
roster-site = Centro
roster-gender = Género
roster-seniority = Etapa profesional
roster-max-active = Solicitudes a la vez
roster-team-debriefs = Sesiones de equipo
roster-can-lead = Puede facilitar sesiones de equipo
roster-trained-until = Formación válida hasta
roster-trained-until-hint = Después de ese día no se le ofrecerán nuevas solicitudes. Déjelo vacío si el programa no lo registra.
admin-title = Administración
stats-for-sites = Solo { $sites }.
stats-by-site = Por centro
stats-site-line = { $requests } solicitudes, { $matched } asignadas, { $closed } cerradas, { $withdrawn } retiradas
count-fewer-than-five = menos de 5
count-not-enough-data = sin datos suficientes
bucket-under-1h = menos de 1 hora
bucket-under-4h = menos de 4 horas
bucket-under-1d = menos de 1 día laborable
bucket-under-2d = menos de 2 días laborables
bucket-under-5d = menos de 5 días laborables
bucket-5d-or-more = 5 días laborables o más
report-title = Cifras del programa de { $month }
report-note = Las cifras de 1 a 4 aparecen como "menos de 5". Los tiempos son laborables y se estiman por intervalos.
report-handoff = Derivaciones acompañadas: { $resource }
report-requests = Solicitudes
report-matched = Asignadas a una persona de apoyo
report-closed = Cerradas
report-withdrawn = Retiradas
report-offers-accepted = Ofertas aceptadas
report-offers-declined = Ofertas rechazadas
report-offers-timed-out = Ofertas sin respuesta a tiempo
report-checkins-sent = Seguimientos enviados
report-checkins-answered = Seguimientos respondidos
report-feedback-yes = Opinión: útil
report-feedback-somewhat = Opinión: en parte
report-feedback-not-really = Opinión: no mucho
report-outreach-offered = Acercamientos ofrecidos
report-outreach-accepted = Acercamientos aceptados
report-referrals-made = Derivaciones hechas
report-referrals-accepted = Derivaciones aceptadas
report-nominations = Personas de apoyo propuestas
report-debrief-requests = Sesiones de equipo pedidas
report-debrief-matched = Sesiones de equipo con facilitador
report-debrief-closed = Sesiones de equipo cerradas
report-debrief-withdrawn = Sesiones de equipo retiradas
report-supporter-checkins-sent = Seguimientos a personas de apoyo enviados
report-supporter-checkins-fine = Seguimientos a personas de apoyo: están bien
report-supporter-checkins-talk = Seguimientos a personas de apoyo: quieren hablar
report-supporter-checkins-pause = Seguimientos a personas de apoyo: en pausa un tiempo
report-time-to-match-median = Tiempo hasta la asignación, mediana
report-time-to-match-p90 = Tiempo hasta la asignación, percentil 90
report-time-to-contact-median = Tiempo hasta el primer contacto, mediana
report-time-to-contact-p90 = Tiempo hasta el primer contacto, percentil 90

## Coordinación: avisos y sus hilos

alert-title = Solicitud de apoyo n.º { $id }
alert-debrief-title = Solicitud de sesión de equipo n.º { $id }
alert = { $title } de { $who }
fact-after = Después de:
fact-about = Sobre:
alert-resent = Enviado de nuevo tras un reinicio. Lo que escribió estaba en el primer mensaje, que no llegó; no se guarda, así que pregúntele directamente.
alert-in-their-words = En sus palabras:
alert-note = Lo que escribió y el tema se borran de este mensaje cuando la solicitud se cierra. Por favor, no tome notas.
button-reassign = Reasignar
button-close = Cerrar
button-offer-anyway = Ofrecérsela igualmente
same-event-warning = { $who } estaba entre las personas contactadas tras el mismo suceso que la solicitud n.º { $id }, así que no se le ofreció. Puede que también lo esté viviendo. ¿Ofrecérsela igualmente?
supporter-wants-to-talk = { $who } respondió a su seguimiento como persona de apoyo: le gustaría hablar con alguien. Quienes apoyan también necesitan apoyo; póngase en contacto pronto.
training-ended-coordinator = La fecha de formación de { $who } como persona de apoyo ({ $until }) ya pasó, así que no recibirá nuevas solicitudes. Las que tiene siguen igual. Cuando la renueve, actualice `trained_until` en la lista.
training-ends-soon-coordinator = La formación de { $who } como persona de apoyo es válida hasta el { $until }. Después no recibirá nuevas solicitudes hasta que la lista muestre una fecha posterior.
now-offered = Ofrecida a { $who }, esperando su respuesta.
now-offered-because = Ofrecida a { $who } ({ $reason }), esperando su respuesta.
now-accepted = Asignada: { $who } aceptó y se pondrá en contacto.
now-contacted = Asignada: { $who } ya hizo el primer contacto.
now-choosing = Esperando a que la coordinación elija una persona de apoyo.
now-no-supporter = Aún no hay ninguna persona de apoyo disponible. La coordinación puede asignar una.
now-reassigning = En reasignación.
now-plain = Solicitud de apoyo n.º { $id }: { $line }
now-label = Ahora:
best-matches = Mejores opciones:
button-offer-to = Ofrecer a { $name }
assign-to = Asignar a
no-supporter-text = *Ninguna persona de apoyo* que encaje con esta solicitud está disponible ahora. Puede ofrecérsela a cualquiera de la lista:
by-whom = por { $who }
thread-offered = Ofrecida a { $who }{ $by }{ $reason }.
thread-declined = { $who } la rechazó.
thread-timed-out = { $who } no respondió a tiempo.
thread-left-roster = { $who } dejó la lista, así que la oferta pasa a otra persona.
thread-accepted = { $who } aceptó y se pondrá en contacto.
thread-contact-made = { $who } ya hizo el primer contacto.
thread-no-supporter = No hay ninguna persona de apoyo disponible para esta solicitud.
thread-candidates = Las siguientes mejores opciones:
thread-reassigning = { $who } está reasignando esta solicitud.
thread-reassigned = { $who } retiró esta solicitud a { $from }.
thread-closed-by = Cerrada por { $who }.
thread-withdrawn = Quien la pidió retiró esta solicitud.
thread-still-waiting = La solicitud n.º { $id } sigue esperando una persona de apoyo después de { $waited }.
thread-no-contact-yet = { $who } aún no ha marcado el primer contacto.
ending-conversation = Cerrada: la conversación tuvo lugar.
ending-coordinator = Cerrada por la coordinación.
ending-withdrawn = Retirada por quien la pidió.
the-requester = quien la pidió
scrubbed = Solicitud de apoyo n.º { $id } de { $who }. { $how }
scrubbed-title = ~Solicitud de apoyo n.º { $id }~ de { $who }
scrubbed-note = Los detalles se borraron cuando terminó la solicitud.
nominate-title = Proponer a alguien
nominate-text = ¿Conoce a un colega que sería una buena persona de apoyo? El equipo de coordinación lo sabrá y se pondrá en contacto. No se guarda nada más.
nominate-colleague = Su colega
nominate-role = Su puesto
nominate-thanks = Gracias. El equipo de coordinación lo sabrá y se pondrá en contacto con su colega. Nadie más lo sabrá.
nomination = { $by } propuso a { $who }{ $role } como persona de apoyo.
nomination-next = Si quiere unirse, añádale cuando tenga la formación.
button-add-supporter = Añadir persona de apoyo
button-connect-resource = Conectar con un recurso
handoff-modal-text = Elija un recurso para sugerir. Recibirá un mensaje privado con su nombre, cómo contactar y que usted pensó que podría ayudarle. No se comparte nada más.
handoff-resource = Recurso
surge = { $count } solicitudes de apoyo desde { $since }
surge-title = Muchas solicitudes a la vez: { $count } desde { $since }
surge-counts = *{ $offered }* ofrecidas a una persona de apoyo, esperando respuesta{"\u000A"}*{ $matched }* asignadas{"\u000A"}*{ $closed }* cerradas o retiradas{"\u000A"}*{ $waiting }* esperando a que la coordinación elija una persona de apoyo
role-not-given = Puesto sin indicar
surge-not-offered = aún sin ofrecer a nadie
surge-more = { $count } más esperan: la cola de su pestaña de Inicio muestra todas las solicitudes, con Reasignar, Cerrar y Asignar a.
surge-note = Durante una avalancha recibe este único mensaje, actualizado a medida que llegan solicitudes, en lugar de uno por cada una. Las solicitudes con tema o nota tienen su propio mensaje en este hilo. Por favor, no tome notas.
safety-alert = Preocupación de seguridad en la solicitud n.º { $id }
safety-alert-label = Preocupación de seguridad:
safety-alert-text = { $who } indicó una preocupación de seguridad en la solicitud n.º { $id } (asignación { $assignment }). Póngase en contacto ahora.

## Liderazgo

outreach-title = Ofrecer apoyo entre pares
outreach-modal-text = Cada persona que elija recibirá un mensaje privado y cercano que le ofrece una conversación confidencial con una persona de apoyo. Se le dirá a cuántas personas llegó, nunca quién responde ni cómo.
outreach-colleagues = Colegas implicados
outreach-choose-colleagues = Elija a sus colegas
outreach-event = Qué pasó
choose-optional = Elija (opcional)
outreach-event-hint = Opcional. Se menciona en el mensaje con estas palabras.
outreach-note = Una nota personal
outreach-note-hint = Opcional. Aparece en cada mensaje y se borra cuando todos se han enviado.
outreach-on-its-way = Gracias por cuidar de su equipo. Su mensaje va en camino a { $count ->
        [one] el colega
       *[other] los { $count } colegas
    } que eligió. No se le dirá quién responde ni cómo; los totales solo aparecen en las cifras mensuales del programa.

## Para todos: ayuda, recursos, negativas y errores de formulario

crisis-prefix = :telephone_receiver:
any-time = en cualquier momento
not-given = Sin indicar
help = { $program }: cómo usarlo
help-intro = *{ $program }* le pone en contacto con un colega con formación para una conversación confidencial.
help-ask = pedir apoyo, para usted o para un colega
help-status = ver o retirar su solicitud
help-resources = otros apoyos a los que puede acudir hoy
help-team = pedir una sesión para su equipo después de un suceso difícil
help-nominate = proponer a un colega que sería una buena persona de apoyo
help-or = o
help-pause = para personas de apoyo: pausar o reanudar las ofertas
unknown-command = No lo he reconocido. Pruebe /peer-support help.
unknown-command-text = No lo he reconocido. `/peer-support help` muestra lo que puedo hacer.
resources = Otros apoyos a su alcance
resources-intro = Otros apoyos a su alcance, en cualquier momento:
resources-none = El equipo de coordinación del programa puede orientarle sobre los servicios locales.
not-eligible = Apoyo al que puede acudir hoy
not-eligible-inline = { $program } aún no está disponible para su equipo en Slack. `/peer-support resources` muestra apoyos a los que puede acudir hoy. { $crisis }
not-eligible-text = Gracias por escribirnos. { $program } aún no está disponible para su equipo en Slack, pero no tiene que esperar para recibir apoyo: estos recursos pueden ayudarle hoy.
modal-failed = Lo sentimos, el formulario no se abrió.
modal-failed-text = Lo sentimos, el formulario no se abrió. Inténtelo de nuevo en un momento: pulse el botón otra vez o escriba `/peer-support`.
went-wrong = Lo sentimos, algo falló por nuestra parte.
went-wrong-text = Lo sentimos, algo falló por nuestra parte y no se ha cambiado nada. Inténtelo de nuevo en un momento.
refusal-no-longer-available = Esta solicitud ya no está disponible. Gracias por su disposición a ayudar.
refusal-not-your-offer = Esta oferta se hizo a otra persona de apoyo, así que solo ella puede responder.
refusal-not-your-assignment = Solo la persona de apoyo de esta asignación puede usar estos botones.
refusal-coordinators-only = Solo el equipo de coordinación del programa puede hacer esto. Si hay que cambiar algo, pregunte a: { $coordinators }.
refusal-leaders-only = Solo las personas responsables del programa pueden iniciar un acercamiento. El equipo de coordinación puede ayudar si ha pasado algo.
refusal-not-your-request = Solo quien pidió el apoyo puede retirar esta solicitud.
refusal-already-done = Eso ya está registrado. Gracias.
refusal-already-open = Ya tiene una solicitud abierta. `/peer-support status` muestra en qué punto está.
refusal-not-on-roster = Esa persona no está en la lista de personas de apoyo. Elija a alguien de la lista o añádala primero.
refusal-request-gone = Esta solicitud ya se cerró o se retiró.
refusal-already-on-roster = Ya es persona de apoyo. Gracias por pensar en ella.
refusal-date-in-the-past = Elija un día a partir de hoy.
refusal-same-event = Formaba parte del mismo suceso del que viene esta solicitud.
refusal-other-site = Esta solicitud es de otro centro, así que la atiende su equipo de coordinación.
refusal-training-lapsed = La fecha de formación de esa persona ya pasó, así que no puede recibir solicitudes hasta que la lista muestre una fecha posterior. Elija a otra persona.
refusal-cannot-offer = Esta solicitud no puede ir a esa persona de apoyo. Elija a otra persona.
refusal-own-request = Es la persona que pidió el apoyo, así que no puede ir a ella. Elija otra persona de apoyo.
requester-refusal-already-open = Ya tiene una solicitud abierta, así que no se ha abierto otra.
requester-refusal-request-gone = Esta solicitud ya se cerró o se retiró, así que no ha cambiado nada.
requester-refusal-already-done = Eso ya tenía respuesta, así que no se ha contado nada más.
requester-refusal-not-yours = Esto era para otra persona, así que solo ella puede responder.
next-step = Si quiere hablar con alguien, escriba `/peer-support` para pedir una persona de apoyo. `/peer-support status` muestra en qué punto está su solicitud.
redacted = Esto era sobre una solicitud de apoyo que ya se cerró. No se guarda nada de ella.
refuse-peer-outreach = Solo las personas responsables del programa pueden usar /peer-outreach. Si necesita algo, el equipo de coordinación puede ayudarle.
refuse-peer-admin = Solo el equipo de coordinación del programa puede usar /peer-admin. Si necesita algo, el equipo de coordinación puede ayudarle.
admin-bad-month = Indique el mes como AAAA-MM, por ejemplo `/peer-admin stats 2026-11`.
admin-help = `/peer-admin` abre las herramientas de coordinación; `/peer-admin stats AAAA-MM` muestra las cifras de un mes.
contact-made-noted = Gracias. El primer contacto queda registrado.
form-not-saved = Lo sentimos, algo falló por nuestra parte y no se envió nada. Inténtelo de nuevo en un momento.
form-choose-pause-end = Elija el día en que termina la pausa.
form-pause-already-answered = Este seguimiento ya tiene respuesta. `/peer-support pause` pausa las ofertas cuando quiera.
form-choose-colleague = Elija al colega en quien piensa.
form-colleague-is-you = Es usted. Para pedirlo para usted, elija Para mí arriba.
form-check-first = Hable primero con su colega y después marque esta casilla.
form-choose-contact = Elija cómo prefiere que le contacten.
form-choose-colleagues = Elija al menos a un colega.
form-roster-not-saved = Lo sentimos, no se guardó. Inténtelo de nuevo.
form-choose-supporter = Elija a la persona de apoyo.
form-whole-number = Un número entero del 1 al 50.
form-choose-resource = Elija un recurso.
form-choose-team = Elija el equipo de la lista.
form-choose-size = Elija aproximadamente cuántas personas.
form-choose-when = Elija cuándo podría reunirse el equipo.
shortened = acortado: más largo de lo que permite el formulario
form-a-supporter = Una persona de apoyo

## Días, fechas y esperas

day-today = hoy
day-tomorrow = mañana
day-date = { $weekday } { $day } de { $month }
date-with-year = { $day } de { $month } de { $year }
weekday-1 = lunes
weekday-2 = martes
weekday-3 = miércoles
weekday-4 = jueves
weekday-5 = viernes
weekday-6 = sábado
weekday-7 = domingo
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
wait-days = { $count } { $business ->
        [yes] { $count ->
            [one] día laborable
           *[other] días laborables
        }
       *[no] { $count ->
            [one] día
           *[other] días
        }
    }
wait-hours = { $count } { $business ->
        [yes] { $count ->
            [one] hora laborable
           *[other] horas laborables
        }
       *[no] { $count ->
            [one] hora
           *[other] horas
        }
    }
wait-minutes = { $count } { $count ->
        [one] minuto
       *[other] minutos
    }

## Los deseos de quien pide apoyo, tal como los lee la coordinación

wish-a-wish = un deseo
wish-a-must = imprescindible
wish-same-role = mismo puesto
wish-role = { $role }
wish-outside-department = de fuera de su servicio
wish-outside-site = de otro centro
wish-named = { $who } por su nombre ({ $strength })
wish-interest = alguien con interés en { $interest } ({ $strength })
wish-rather-not = no alguien que nombró (se mantiene en privado)
wish-same-event = no alguien de apoyo del mismo suceso

## El formulario de solicitud y el de sesión de equipo

request-modal-title = Apoyo entre pares
request-modal-intro = *{ $program }* le pone en contacto con un colega con formación para una conversación confidencial, a solas. No es terapia y no se toman notas. Solo el equipo de coordinación ve quién lo pidió.
form-who-for = ¿Para quién es?
form-myself = Para mí
form-a-colleague = Para un colega
form-colleague-hint = Solo si es para un colega. Se lo preguntaremos en privado; no empieza nada a menos que diga que sí.
form-before-referring = Antes de proponer a un colega
form-checked = Ya lo hablé con esa persona
form-name-me = Pueden decirle que fui yo
prefer-not-to-say = Prefiero no decirlo
no-preference = Sin preferencia
or = O
form-about = ¿Sobre qué es?
form-only-coordinators-see = Opcional. Solo lo ve el equipo de coordinación.
form-your-role = Su puesto
form-your-department = Su servicio
form-your-site = Su centro
form-rather-not = Alguien con quien prefiera no hablar
form-choose-people = Elija personas
form-rather-not-hint = Opcional. Nunca se les ofrecerá su solicitud y nadie se lo dirá.
form-who-to-talk-to = ¿Con quién le gustaría hablar?
form-same-role = Alguien con mi mismo puesto
form-outside-department = Alguien de fuera de mi servicio
form-outside-site = Alguien de otro centro
form-who-to-talk-to-hint = Opcional. Solo ofreceremos su solicitud a personas de apoyo que encajen con lo que elija.
form-specific-role = Una persona de apoyo con un puesto concreto
form-gender = Una persona de apoyo que sea
form-seniority = Una persona de apoyo que esté, en su carrera,
form-contact = ¿Cómo prefiere que le contacten?
form-good-times = Buenos momentos para contactarle
form-note = Algo que la coordinación deba saber
form-note-hint = Opcional. Solo lo lee el equipo de coordinación; nunca se guarda.
form-ask-supporter = Una persona de apoyo de Conozca al equipo
form-no-one-in-particular = Nadie en concreto
form-ask-supporter-hint = Opcional. La pestaña de Inicio las presenta.
form-ask-interest = Alguien con interés en
form-a-wish = Un deseo: pregúntenle primero
form-a-must = Imprescindible: solo esa persona
form-wish-or-must = ¿Es un deseo o imprescindible?
form-wish-or-must-hint = Si es imprescindible y nadie encaja, el equipo de coordinación se pondrá en contacto con usted.
debrief-modal-title = Sesión de equipo
debrief-modal-intro = Una sesión de equipo es una conversación de grupo confidencial para una unidad después de un suceso difícil, facilitada por una persona con formación de *{ $program }*. No es una revisión de lo ocurrido, y no se toman notas ni lista de asistencia.
debrief-unit = ¿Qué equipo o unidad?
debrief-size = Aproximadamente cuántas personas
debrief-when = ¿Cuándo podría reunirse el equipo?
debrief-note-hint = Opcional. Solo lo lee el equipo de coordinación; nunca se guarda. Por favor, no incluya nombres.

## La pestaña de Inicio

home-outreach = Acercamiento
home-outreach-text = Después de un suceso difícil, ofrezca a todas las personas implicadas una conversación confidencial con una persona de apoyo.
button-start-outreach = Iniciar acercamiento
button-ask-for-support = Pedir apoyo
button-request-debrief = Pedir una sesión de equipo
home-connected = En contacto con { $who }.
home-waiting = Esperando asignación. El equipo de coordinación está pendiente.
home-intro = Hable con un colega con formación, en confianza, después de un día duro, un suceso difícil o una temporada larga. No es terapia y no se toman notas.
home-other-support = Otros apoyos
directory-title = Conozca al equipo de apoyo
directory-note = Puede pedir a una de estas personas por su nombre, o un área de interés, en el formulario de solicitud.
directory-more = Y { $count } más.
home-as-supporter = Como persona de apoyo
home-availability = Disponibilidad:
home-available = Disponible
home-paused = En pausa
home-paused-until = En pausa hasta { $day }
button-resume-offers = Reanudar ofertas
button-pause-offers = Pausar ofertas
home-carrying = Acompañando:
home-carrying-count = { $count } de { $max } a la vez
home-you-lead = puede facilitarlas
home-training = Formación:
home-training-ended = venció el { $day }; no hay nuevas solicitudes hasta que se renueve
home-training-current = válida hasta el { $day }
home-directory-entry = Conozca al equipo de apoyo:
home-listed = aparece en la lista
home-listed-with = aparece en la lista, con { $interests }
home-not-listed = no aparece en la lista
button-stop-listing = Dejar de aparecer
button-list-me = Aparecer en Conozca al equipo
home-my-interests = Mis áreas de interés
home-pause-until = Pausar hasta…
home-offer = *Oferta:* un colega quiere hablar. Su puesto: { $role }. Prefiere: { $wants }.
home-offer-debrief = *Oferta:* una sesión de equipo. { $facts }.
home-a-unit = Una unidad
home-contact-made = ya contactó
home-please-reach-out = póngase en contacto
home-assignment = *{ $who }* ({ $stage }). Prefiere: { $wants }.
home-assignment-debrief = *Sesión de equipo* pedida por { $who } ({ $stage }). { $facts }.
home-coordinator = Coordinación
home-this-month = Este mes
home-this-month-at = Este mes en { $sites }
home-month-counts = { $requests } solicitudes, { $matched } asignadas, { $closed } cerradas. `/peer-admin stats` tiene el informe completo.
home-queue = Cola
home-open = ({ $count } abiertas)
queue-connected = en contacto con { $who }
queue-accepted = aceptada por { $who }, aún sin contacto
queue-offered = ofrecida a { $who }
queue-unmatched = sin asignar
queue-matched-in = asignada en { $took }, hace { $ago }
queue-overdue = con retraso
queue-waiting = esperando { $waited }; intentamos asignar en { $promise }
queue-debrief-for = sesión de equipo para
queue-debrief-of-for = sesión de equipo ({ $unit }) para
home-roster = Lista
home-roster-count = ({ $count } personas de apoyo)
roster-no-role = Sin puesto
roster-training-ended = formación vencida
roster-paused = en pausa
roster-available = disponible
roster-leads-debriefs = facilita sesiones
roster-menu-edit = Editar
roster-menu-remove = Quitar
roster-up-to = hasta { $count }
button-previous = Anterior
button-next = Siguiente

## Las opciones que elige cada persona

Role-physician = Medicina
Role-nurse = Enfermería
Role-app = Práctica avanzada (NP, PA)
Role-resident = Residente o fellow
Role-pharmacist = Farmacia
Role-therapist = Terapia (respiratoria, física, ocupacional)
Role-technician = Técnico o tecnólogo
Role-staff = Otro personal
Topic-clinical_event = Un suceso clínico difícil
Topic-patient_death = La muerte de un paciente
Topic-medical_error = Un error médico
Topic-litigation = Un litigio
Topic-burnout = Agotamiento o estrés crónico
Topic-conflict = Un conflicto en el trabajo
Topic-work_life = Equilibrio entre trabajo y vida
Topic-bereavement = Un duelo
Topic-personal = Algo personal
Topic-other = Otra cosa
EventKind-patient_death = La muerte de un paciente
EventKind-clinical_event = Un suceso clínico difícil
EventKind-medical_error = Un error médico o evento adverso
EventKind-violence = Violencia en el trabajo
EventKind-mass_casualty = Un incidente con múltiples víctimas
EventKind-loss = La pérdida de un colega
EventKind-other = Otra cosa
ContactPref-slack = Un mensaje de Slack
ContactPref-phone = Una llamada
ContactPref-video = Una videollamada
ContactPref-in_person = En persona
GoodTime-mornings = Por la mañana
GoodTime-afternoons = Por la tarde
GoodTime-evenings = Por la noche
GoodTime-weekends = Fines de semana
GoodTime-between_shifts = Antes o después de mi turno
Gender-woman = Una mujer
Gender-man = Un hombre
Gender-nonbinary = Una persona no binaria
Seniority-early = Al inicio de su carrera
Seniority-mid = A mitad de carrera
Seniority-senior = Con experiencia, veterana
TeamSize-2_5 = De 2 a 5 personas
TeamSize-6_10 = De 6 a 10 personas
TeamSize-11_20 = De 11 a 20 personas
TeamSize-over_20 = Más de 20 personas
MeetWhen-soon = En el próximo día o dos
MeetWhen-this_week = Más adelante esta semana
MeetWhen-next_week = La semana que viene
MeetWhen-flexible = Cuando venga bien

## Por qué una persona de apoyo está donde está, tal como lo lee la coordinación

why-asked-for = la pidieron
why-interest = interés: { $interest }
why-same-role = mismo puesto: { $role }
why-role = puesto: { $role }
why-same-site = mismo centro
why-outside-department = de fuera de su servicio
why-seniority = etapa profesional: { $seniority }
why-active = { $count } en curso
