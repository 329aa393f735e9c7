package brief

// StandaardSjablonen are default templates for every event, written in
// plain Dutch (B1): short sentences, common words, "u" and "wij". A
// municipality starts with these and adapts them in /beheer/brieven.
func StandaardSjablonen() []SjabloonInput {
	return []SjabloonInput{
		{Gebeurtenis: Ontvangstbevestiging, Onderwerp: "Wij hebben uw aanvraag ontvangen",
			Inhoud: `{{aanhef}},

Wij hebben uw aanvraag ontvangen op {{ontvangen_op}}. Dank u wel.

Het nummer van uw aanvraag is {{zaaknummer}}. Noem dit nummer als u contact met ons opneemt.

Wat gebeurt er nu?
- Wij kijken of uw aanvraag compleet is.
- Mist er iets? Dan krijgt u binnen 10 werkdagen een brief.
- U krijgt uiterlijk {{uiterste_datum}} ons besluit.

U kunt uw aanvraag ook volgen op Mijn Loket.

Met vriendelijke groet,

{{gemeente}}`},
		{Gebeurtenis: OntbrekendeStukken, Onderwerp: "Wij missen nog iets voor uw aanvraag",
			Inhoud: `{{aanhef}},

Wij hebben uw aanvraag {{zaaknummer}} bekeken. Er ontbreekt nog iets.

Wat hebben wij nodig?
- {{ontbrekende_stukken}}

Stuur dit vóór {{inleveren_voor}}. Dat kan op Mijn Loket of per post.

Zolang wij op uw stukken wachten, staat de termijn voor ons besluit stil. Krijgen wij de stukken niet op tijd? Dan kunnen wij uw aanvraag niet behandelen.

Heeft u vragen? Bel ons of kijk op Mijn Loket.

Met vriendelijke groet,

{{gemeente}}`},
		{Gebeurtenis: Compleetheid, Onderwerp: "Uw aanvraag is compleet",
			Inhoud: `{{aanhef}},

Wij hebben uw stukken ontvangen. Dank u wel. Uw aanvraag {{zaaknummer}} is nu compleet.

Wij gaan uw aanvraag nu behandelen. U krijgt uiterlijk {{uiterste_datum}} ons besluit.

Met vriendelijke groet,

{{gemeente}}`},
		{Gebeurtenis: Verlenging, Onderwerp: "Wij hebben meer tijd nodig voor uw aanvraag",
			Inhoud: `{{aanhef}},

Wij zouden uiterlijk {{oude_datum}} een besluit nemen over uw aanvraag {{zaaknummer}}. Dat lukt niet.

De reden is: {{reden}}.

U krijgt nu uiterlijk {{nieuwe_datum}} ons besluit. Het spijt ons dat het langer duurt.

Heeft u vragen? Bel ons en noem het nummer van uw aanvraag.

Met vriendelijke groet,

{{gemeente}}`},
		{Gebeurtenis: Vooraankondiging, Onderwerp: "Ons besluit komt later",
			Inhoud: `{{aanhef}},

U krijgt uiterlijk {{uiterste_datum}} ons besluit over uw aanvraag {{zaaknummer}}. Het kan zijn dat wij dat niet halen. Dat laten wij u nu vast weten.

Wij doen ons best om u zo snel mogelijk een besluit te sturen. Wilt u weten hoe het staat? Kijk op Mijn Loket of bel ons.

Met vriendelijke groet,

{{gemeente}}`},
		{Gebeurtenis: Besluit, Onderwerp: "Ons besluit over uw aanvraag",
			Inhoud: `{{aanhef}},

Wij hebben op {{besluit_datum}} een besluit genomen over uw aanvraag {{zaaknummer}}.

{{besluit_toelichting}}

Bent u het niet eens met dit besluit? Dan kunt u bezwaar maken. Doe dat uiterlijk {{bezwaar_tot}}. Schrijf in uw bezwaar waarom u het niet eens bent. U kunt bezwaar maken op Mijn Loket of per post.

Met vriendelijke groet,

{{gemeente}}`},
	}
}
